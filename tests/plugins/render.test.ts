/**
 * The whole note pipeline (createRenderer: remark-parse, gfm, math, safe inline HTML, figures, wikilinks,
 * citations, contexts, rehype-katex, slug, headings, anchors, scroll wrappers) over fixtures:
 * one folder per case in tests/fixtures/render/ with `input.md` and the expected output.
 *
 * Expected files are regenerated deliberately with `UPDATE_FIXTURES=1 npm run test:unit`; review
 * the diff before committing it.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import {
  createRenderer,
  type RenderInput,
  type RenderOutput,
  type RenderSetup,
} from '../../src/pipeline/render-note.ts';

const fixtures = fileURLToPath(new URL('../fixtures/render/', import.meta.url));
const update = process.env.UPDATE_FIXTURES === '1';

/** A small fixed corpus: the note being rendered, three others, four papers and one figure. */
const setup: RenderSetup = {
  base: '/kb/',
  notes: [
    { slug: 'current', title: 'The current note', aliases: [], path: 'theory/current.md' },
    { slug: 'ntk', title: 'Neural tangent kernel', aliases: ['NTK', 'tangent kernel'], path: 'theory/ntk.md' },
    { slug: 'gp', title: 'Gaussian processes', aliases: ['NNGP', 'tangent kernel'], path: 'gp.md' },
    { slug: 'mean-field', title: 'Mean-field limit', aliases: [], path: 'theory/limits/mean-field.md' },
  ],
  labels: [
    ['jacot2018neural', { authors: 'Jacot et al.', year: '2018' }],
    ['lee2018deep', { authors: 'Lee et al.', year: '2018a' }],
    ['lee2018wide', { authors: 'Lee et al.', year: '2018b' }],
    ['neal1996bayesian', { authors: 'Neal', year: '1996' }],
  ],
  figures: [
    [
      'diagram.svg',
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40"><title>Two boxes</title><rect x="1" y="1" width="40" height="38" fill="none" stroke="currentColor"/><path d="M41 20H79" stroke="currentColor"/><rect x="79" y="1" width="40" height="38" fill="none" stroke="currentColor"/></svg>',
    ],
  ],
};

const render = createRenderer(setup);
const input = (body: string, bodyLine = 1): RenderInput => ({
  slug: 'current',
  file: 'content/notes/theory/current.md',
  path: 'theory/current.md',
  body,
  bodyLine,
});

/** What a fixture pins besides the HTML: links, citations and headings found, and the counts. */
const dataOf = (out: RenderOutput) => ({
  links: out.links,
  citations: out.citations,
  headings: out.headings,
  words: out.words,
  formulas: out.formulas,
  displayFormulas: out.displayFormulas,
  results: out.results.map(({ statementHtml, ...r }) => ({ ...r, statementChars: statementHtml.length })),
  equations: out.equations,
});

const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('render fixtures', () => {
  it('has the cases it is meant to have', () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
  });

  it.each(cases)('%s', (name) => {
    const dir = join(fixtures, name);
    const out = render(input(readFileSync(join(dir, 'input.md'), 'utf8')));
    const html = out.html.endsWith('\n') ? out.html : `${out.html}\n`;
    const problems = out.problems.map(formatProblem);
    const data = `${JSON.stringify(dataOf(out), null, 2)}\n`;
    const problemsFile = join(dir, 'expected-problems.json');
    if (update) {
      writeFileSync(join(dir, 'expected.html'), html);
      writeFileSync(join(dir, 'expected-data.json'), data);
      if (problems.length > 0) writeFileSync(problemsFile, `${JSON.stringify(problems, null, 2)}\n`);
      else rmSync(problemsFile, { force: true });
      return;
    }
    expect(html).toBe(readFileSync(join(dir, 'expected.html'), 'utf8'));
    expect(data).toBe(readFileSync(join(dir, 'expected-data.json'), 'utf8'));
    expect(problems).toEqual(existsSync(problemsFile) ? JSON.parse(readFileSync(problemsFile, 'utf8')) : []);
  });
});

describe('createRenderer', () => {
  it('adds the frontmatter lines to every reported line', () => {
    const body =
      'Line one [[ntx]].\n\nBad $\\frac{$ and <b onclick="x()">x</b> and [@nobody] and ![](../figures/none.svg).';
    const atOne = render(input(body, 1)).problems;
    const atTen = render(input(body, 10)).problems;
    expect(atTen.map((p) => [p.line, p.column])).toEqual(atOne.map((p) => [p.line + 9, p.column]));
    expect(atOne.map((p) => p.rule).sort()).toEqual([
      'broken-image',
      'broken-link',
      'math-error',
      'unknown-citation',
      'unsafe-html',
    ]);
  });

  it('renders the same note the same way twice (no state leaks between notes)', () => {
    const body = readFileSync(join(fixtures, 'repeated-text', 'input.md'), 'utf8');
    expect(render(input(body))).toEqual(render(input(body)));
  });

  it('records a [[#Heading]] link for the checker, which judges headings once every note is rendered', () => {
    expect(render(input('See [[#Nowhere]].')).links).toMatchObject([{ slug: 'current', heading: 'Nowhere' }]);
  });

  it('records what the render looked up, for incremental builds', () => {
    const out = render(input('[[NTK]] [x](../gp.md) [@lee2018deep] @nobody ![d](../figures/diagram.svg)'));
    expect(out.deps).toEqual({
      targets: ['NTK'],
      paths: ['gp.md'],
      keys: ['lee2018deep', 'nobody'],
      figures: ['diagram.svg'],
    });
  });

  it('words every kind of problem for the author', () => {
    const body = [
      '[[ntx]] [[tangent kernel]] [[]] [missing](missing.md) [@jacot2018nueral] @nobody',
      '',
      '$\\frac{1}{$ $\\foo$ <script>x</script>',
      '',
      '![](../figures/diagram.svg) ![x](../figures/diagrm.svg) ![y](photo.png)',
    ].join('\n');
    expect(render(input(body)).problems.map(formatProblem)).toMatchInlineSnapshot(`
      [
        "content/notes/theory/current.md:5:1  figure "diagram.svg" has no description: write ![what the figure shows](../figures/diagram.svg)  [figure-alt]",
        "content/notes/theory/current.md:5:29  figure "diagrm.svg" is not in content/figures/. Did you mean "diagram.svg"?  [broken-image]",
        "content/notes/theory/current.md:5:57  image "photo.png" is not supported: put the image (SVG, PNG, JPEG, GIF, WebP or AVIF) in content/figures/ and write ![description](../figures/name.svg)  [broken-image]",
        "content/notes/theory/current.md:1:1  wikilink [[ntx]] points to no note. Did you mean "NTK"?  [broken-link]",
        "content/notes/theory/current.md:1:9  wikilink [[tangent kernel]] is ambiguous: "tangent kernel" names gp, ntk; link to one slug instead  [ambiguous-link]",
        "content/notes/theory/current.md:1:28  empty wikilink [[]]: write [[note-slug]] or [[#Heading]]  [broken-link]",
        "content/notes/theory/current.md:1:33  link to "missing.md" points to no note (resolved to notes/theory/missing.md).  [broken-link]",
        "content/notes/theory/current.md:1:55  unknown citation key "@jacot2018nueral": it is not in content/references.bib. Did you mean "jacot2018neural"?  [unknown-citation]",
        "content/notes/theory/current.md:1:74  unknown citation key "@nobody": it is not in content/references.bib.  [unknown-citation]",
        "content/notes/theory/current.md:3:20  HTML: <script> would run code in the reader's browser: remove it  [unsafe-html]",
        "content/notes/theory/current.md:3:1  could not render math: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{1}{. Fix the TeX, or use a macro from src/lib/katex-macros.ts  [math-error]",
        "content/notes/theory/current.md:3:13  could not render math: Undefined control sequence: \\foo at position 1: \\foo. Fix the TeX, or use a macro from src/lib/katex-macros.ts  [math-error]",
      ]
    `);
  });
});
