import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';

describe('splitFrontmatter: well-formed notes', () => {
  it.each([
    ['---\ntitle: x\n---\nbody\n', { title: 'x' }, 'body\n', 4],
    ['---\ntitle: x\n---\n\nbody\n', { title: 'x' }, '\nbody\n', 4],
    ['--- \ntitle: x\n---\t\nbody', { title: 'x' }, 'body', 4],
    ['---\ntitle: x\n---', { title: 'x' }, '', 3],
    ['---\ntitle: "a: b"\nsummary: x --- y\n---\nb', { title: 'a: b', summary: 'x --- y' }, 'b', 5],
    ['---\ntags: [a, b]\nn: 3\nflag: true\n---\n', { tags: ['a', 'b'], n: 3, flag: true }, '', 6],
  ])('splits %j into data, body and the line where the body starts', (source, data, body, bodyLine) => {
    const split = splitFrontmatter(source);
    expect(split.errors).toEqual([]);
    expect(split.data).toEqual(data);
    expect(split.body).toBe(body);
    expect(split.bodyLine).toBe(bodyLine);
  });

  it('keeps dates as text (YAML core schema), so the schema decides what a date is', () => {
    expect(splitFrontmatter('---\nupdated: 2026-11-28\n---\n').data).toEqual({ updated: '2026-11-28' });
  });

  it('gives an empty block null data and no error (the schema reports the missing keys)', () => {
    const split = splitFrontmatter('---\n---\nbody');
    expect(split.errors).toEqual([]);
    expect(split.data).toBeNull();
    expect(split.bodyLine).toBe(3);
  });
});

describe('splitFrontmatter: broken frontmatter', () => {
  it.each([
    ['no frontmatter', 'frontmatter-missing', { line: 1, column: 1 }],
    ['----\ntitle: x\n----\n', 'frontmatter-missing', { line: 1, column: 1 }],
    ['text\n---\ntitle: x\n---\n', 'frontmatter-missing', { line: 1, column: 1 }],
    ['---\ntitle: x\n', 'frontmatter-unclosed', { line: 1, column: 1 }],
    ['---\ntitle: x\ntitle: y\n---\nbody', 'frontmatter-yaml', { line: 3, column: 1 }],
    ['---\ntitle: x\n\tsummary: y\n---\nbody', 'frontmatter-yaml', { line: 3, column: 1 }],
    ['---\ntitle: [a, b]]\n---\n', 'frontmatter-yaml', { line: 2, column: 14 }],
    ['---\ntitle: a: b\n---\n', 'frontmatter-yaml', { line: 2, column: 8 }],
  ])('reports %j as %s at the line of the file', (source, rule, place) => {
    const split = splitFrontmatter(source);
    expect(split.errors[0]).toMatchObject({ rule, place });
    expect(split.data).toBeUndefined();
  });

  it('keeps the body of a note whose YAML is malformed', () => {
    const split = splitFrontmatter('---\ntitle: x\ntitle: y\n---\nbody');
    expect(split.body).toBe('body');
    expect(split.bodyLine).toBe(5);
  });

  it('words the errors for the author', () => {
    const messages = [
      'x',
      '---\ntitle: x\n',
      '---\ntitle: x\ntitle: y\n---\n',
      '---\ntitle: [a\nsummary: b\n---\n',
    ].map((s) => splitFrontmatter(s).errors.map((e) => `${e.place.line}:${e.place.column} ${e.message}`));
    expect(messages).toMatchInlineSnapshot(`
      [
        [
          "1:1 the note has no frontmatter: start the file with a \`---\` line, then \`title:\` and \`summary:\`, then another \`---\` line",
        ],
        [
          "1:1 the frontmatter is never closed: add a \`---\` line after the last frontmatter key",
        ],
        [
          "3:1 the frontmatter is not valid YAML: Map keys must be unique",
        ],
        [
          "3:1 the frontmatter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
        ],
      ]
    `);
  });
});

describe('splitFrontmatter: locate', () => {
  const split = splitFrontmatter(
    [
      '---',
      'title: x',
      'tags:',
      '  - a',
      '  - b',
      '  - c',
      'inline: [p, q, r]',
      'meta:',
      '  deep:',
      '    key: 1',
      '---',
      'body',
    ].join('\n'),
  );

  it.each([
    [['title'], 'value', { line: 2, column: 8 }],
    [['title'], 'key', { line: 2, column: 1 }],
    [['tags'], 'key', { line: 3, column: 1 }],
    [['tags'], 'value', { line: 4, column: 3 }],
    [['tags', 2], 'value', { line: 6, column: 5 }],
    [['inline', 1], 'value', { line: 7, column: 13 }],
    [['meta', 'deep', 'key'], 'value', { line: 10, column: 10 }],
    [['meta', 'deep', 'key'], 'key', { line: 10, column: 5 }],
  ] as const)('finds %j (%s) where it is written', (path, part, place) => {
    expect(split.locate(path, part)).toEqual(place);
  });

  it.each([
    [['nope'], { line: 2, column: 1 }],
    [['tags', 9], { line: 4, column: 3 }],
    [['meta', 'deep', 'nope'], { line: 10, column: 5 }],
    [[], { line: 2, column: 1 }],
  ] as const)('falls back to the deepest existing node for the missing path %j', (path, place) => {
    expect(split.locate(path)).toEqual(place);
  });

  it('locates the start of the file when the frontmatter is missing', () => {
    expect(splitFrontmatter('body').locate(['title'])).toEqual({ line: 1, column: 1 });
  });
});
