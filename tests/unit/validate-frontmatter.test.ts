import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';
import { formatProblem } from '../../src/lib/problems.ts';
import { validateFrontmatter } from '../../src/lib/validate-frontmatter.ts';
import { noteFrontmatterKeys, noteFrontmatterSchema } from '../../src/schemas/note.ts';

/** Validates a frontmatter block (without the `---` lines) against the real note schema. */
const check = (yaml: string) =>
  validateFrontmatter(noteFrontmatterSchema, splitFrontmatter(`---\n${yaml}---\nbody\n`), 'n.md', noteFrontmatterKeys);
const lines = (yaml: string) => check(yaml).problems.map(formatProblem);
const base = 'title: T\nsummary: S\nsection: theory\n';

describe('validateFrontmatter: valid frontmatter', () => {
  it('applies the defaults of the schema', () => {
    expect(check(base)).toEqual({
      data: {
        title: 'T',
        summary: 'S',
        section: 'theory',
        tags: [],
        aliases: [],
        related: [],
        prerequisites: [],
        draft: false,
      },
      problems: [],
    });
  });

  it.each([
    ['updated: 2026-11-28\n', new Date('2026-11-28T00:00:00Z')],
    ['updated: 2024-02-29\n', new Date('2024-02-29T00:00:00Z')],
  ])('reads %j as a UTC date', (line, date) => {
    expect(check(base + line).data?.updated).toEqual(date);
  });

  it('trims text values', () => {
    expect(check('title: "  T  "\nsummary: S\nsection: theory\naliases: [" NTK "]\n').data).toMatchObject({
      title: 'T',
      aliases: ['NTK'],
    });
  });
});

describe('validateFrontmatter: problems', () => {
  it.each([
    ['a missing key', 'summary: S\nsection: theory\n', 'frontmatter-missing-key'],
    ['a wrong type', 'title: 5\nsummary: S\nsection: theory\n', 'frontmatter-invalid'],
    ['an unknown key', `${base}tagz: [a]\n`, 'frontmatter-unknown-key'],
    ['a list that is not a map', '- a\n- b\n', 'frontmatter-shape'],
    ['a scalar', 'just text\n', 'frontmatter-shape'],
    ['an empty block', '', 'frontmatter-shape'],
    ['malformed YAML', 'title: [a\n', 'frontmatter-yaml'],
  ])('reports %s with its rule', (_name, yaml, rule) => {
    expect(check(yaml).problems.map((p) => p.rule)).toContain(rule);
  });

  it('returns no data when there is a problem', () => {
    expect(check('title: 5\nsummary: S\nsection: theory\n').data).toBeUndefined();
  });

  it('reports every issue at once, each at its own line', () => {
    expect(lines('title: ""\nsummary: 5\ntags: [Bad Tag, ok, Not_Ok]\ndraft: "yes"\nsumary: x\n'))
      .toMatchInlineSnapshot(`
      [
        "n.md:2:8  title must not be empty  [frontmatter-invalid]",
        "n.md:3:10  summary must be one or two sentences of text  [frontmatter-invalid]",
        "n.md:1:1  missing required key "section": add a line \`section: …\` to the frontmatter  [frontmatter-missing-key]",
        "n.md:4:8  tags.0: tag "Bad Tag" is not kebab-case (lowercase words joined by hyphens, e.g. implicit-bias)  [frontmatter-invalid]",
        "n.md:4:21  tags.2: tag "Not_Ok" is not kebab-case (lowercase words joined by hyphens, e.g. implicit-bias)  [frontmatter-invalid]",
        "n.md:5:8  draft must be true or false  [frontmatter-invalid]",
        "n.md:6:1  unknown frontmatter key "sumary". Did you mean "summary"? Allowed keys: title, summary, section, tags, aliases, related, prerequisites, updated, draft  [frontmatter-unknown-key]",
      ]
    `);
  });

  it('words each problem for the author, with the fix or the nearest valid value', () => {
    const cases = {
      'missing title': 'summary: S\nsection: theory\n',
      'title is a number': 'title: 5\nsummary: S\nsection: theory\n',
      'title too long': `title: ${'x'.repeat(121)}\nsummary: S\nsection: theory\n`,
      'tags not a list': `${base}tags: optimization\n`,
      'tag not kebab-case': `${base}tags: [Implicit Bias]\n`,
      'empty alias': `${base}aliases: [""]\n`,
      'related not a list': `${base}related: ntk\n`,
      'updated not a date': `${base}updated: yesterday\n`,
      'updated not a calendar day': `${base}updated: 2026-02-30\n`,
      'updated month 13': `${base}updated: 2026-13-01\n`,
      'draft not a boolean': `${base}draft: "true"\n`,
      'unknown key with a near miss': `${base}titel: x\n`,
      'unknown key without a near miss': `${base}colour: red\n`,
    };
    expect(Object.fromEntries(Object.entries(cases).map(([name, yaml]) => [name, lines(yaml)]))).toMatchInlineSnapshot(`
      {
        "draft not a boolean": [
          "n.md:5:8  draft must be true or false  [frontmatter-invalid]",
        ],
        "empty alias": [
          "n.md:5:11  aliases.0: an alias must not be empty  [frontmatter-invalid]",
        ],
        "missing title": [
          "n.md:1:1  missing required key "title": add a line \`title: …\` to the frontmatter  [frontmatter-missing-key]",
        ],
        "related not a list": [
          "n.md:5:10  related must be a list of note slugs, e.g. \`related: [infinite-width-limits]\`  [frontmatter-invalid]",
        ],
        "tag not kebab-case": [
          "n.md:5:8  tags.0: tag "Implicit Bias" is not kebab-case (lowercase words joined by hyphens, e.g. implicit-bias)  [frontmatter-invalid]",
        ],
        "tags not a list": [
          "n.md:5:7  tags must be a list, e.g. \`tags: [implicit-bias, optimization]\`  [frontmatter-invalid]",
        ],
        "title is a number": [
          "n.md:2:8  title must be text, e.g. \`title: Neural tangent kernel\`  [frontmatter-invalid]",
        ],
        "title too long": [
          "n.md:2:8  title is longer than 120 characters; move the detail into the summary  [frontmatter-invalid]",
        ],
        "unknown key with a near miss": [
          "n.md:5:1  unknown frontmatter key "titel". Did you mean "title"? Allowed keys: title, summary, section, tags, aliases, related, prerequisites, updated, draft  [frontmatter-unknown-key]",
        ],
        "unknown key without a near miss": [
          "n.md:5:1  unknown frontmatter key "colour". Allowed keys: title, summary, section, tags, aliases, related, prerequisites, updated, draft  [frontmatter-unknown-key]",
        ],
        "updated month 13": [
          "n.md:5:10  updated is not a real calendar date  [frontmatter-invalid]",
        ],
        "updated not a calendar day": [
          "n.md:5:10  updated is not a real calendar date  [frontmatter-invalid]",
        ],
        "updated not a date": [
          "n.md:5:10  updated must be a date written YYYY-MM-DD, e.g. \`updated: 2026-11-28\`  [frontmatter-invalid]",
        ],
      }
    `);
  });
});

describe('validateFrontmatter: any schema', () => {
  it('works with a schema other than the note schema', () => {
    const schema = z.strictObject({ id: z.string() });
    const r = validateFrontmatter(schema, splitFrontmatter('---\nid: 3\nxid: 1\n---\n'), 'x.md', ['id']);
    expect(r.problems.map((p) => [p.rule, p.line])).toEqual([
      ['frontmatter-invalid', 2],
      ['frontmatter-unknown-key', 3],
    ]);
  });
});
