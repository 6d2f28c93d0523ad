/**
 * The content checker on small broken corpora: each test writes a temporary content folder (a clean
 * baseline plus one mistake), checks it in process and pins what the author is told. The first
 * tests run the real CLI (`node src/cli/check-content.ts --root <dir>`) and check that it prints
 * exactly what the in-process check reports, with the exit code that goes with it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { baseline, corpus, entry, note, problemsOf, removeCorpora, report, runCli, stable } from '../helpers/corpus.ts';

afterAll(removeCorpora);

describe('a clean corpus', () => {
  it('exits 0 with "No problems found."', async () => {
    const dir = await corpus();
    const run = await runCli(dir);
    expect(run.code).toBe(0);
    expect(stable(run.stdout)).toMatchInlineSnapshot(`
      "No problems found. Checked 2 notes and 2 papers in <time> s.
      "
    `);
    expect(await problemsOf(dir)).toEqual([]);
  });

  it('accepts Windows line endings and a byte-order mark', async () => {
    const crlf = `\uFEFF${baseline['content/notes/beta.md'].replace(/\n/g, '\r\n')}`;
    expect(await problemsOf(await corpus({ 'content/notes/beta.md': crlf }))).toEqual([]);
  });

  it('leaves drafts out without complaint', async () => {
    const draft = note({ title: 'Draft', summary: 'Not ready.', section: 'theory', draft: 'true' }, 'Work in progress [[nowhere]].');
    expect(await problemsOf(await corpus({ 'content/notes/draft.md': draft }))).toEqual([]);
  });

  it('exits 0 when there are only warnings', async () => {
    const lonely = note({ title: 'Gamma', summary: 'Nobody links here.', section: 'theory' }, 'Gamma links to [[alpha]].');
    const run = await runCli(await corpus({ 'content/notes/gamma.md': lonely }));
    expect(run.code).toBe(0);
    expect(stable(run.stdout)).toMatchInlineSnapshot(`
      "content/notes/gamma.md:1:1  warning  no other note links to "gamma"; link to it from a related note so readers can find it  [orphan-note]

      0 errors and 1 warning in 1 file. Checked 3 notes and 2 papers in <time> s.
      "
    `);
  });
});

describe('--json', () => {
  it('prints the problems, the summary and the stats as JSON', async () => {
    const dir = await corpus({ 'content/notes/beta.md': baseline['content/notes/beta.md'].replace('[[alpha#Setup|setup]]', '[[alpah]] and [[alpha]]') });
    const run = await runCli(dir, '--json');
    expect(run.code).toBe(1);
    const parsed = JSON.parse(run.stdout);
    expect(parsed.problems).toEqual(await problemsOf(dir));
    expect(parsed.problems).toMatchInlineSnapshot(`
      [
        {
          "column": 20,
          "file": "content/notes/beta.md",
          "line": 8,
          "message": "wikilink [[alpah]] points to no note. Did you mean "Alpha"?",
          "rule": "broken-link",
          "severity": "error",
        },
      ]
    `);
    expect(parsed.summary).toBe('1 error and 0 warnings in 1 file.');
    expect(parsed.stats).toMatchObject({ notes: 2, rendered: 2, reused: 0 });
  });

  it('prints an empty list for a clean corpus', async () => {
    const run = await runCli(await corpus(), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ problems: [], summary: 'No problems found.' });
  });
});

describe('the command line', () => {
  it('prints exactly the report of the in-process check, says nothing on stderr, and exits 1 on an error', async () => {
    const broken = baseline['content/notes/beta.md'].replace('as @neal1996bayesian did', 'as [@neal1996bayesain] did');
    const dir = await corpus({
      'content/notes/beta.md': broken.replace('[[alpha#Setup|setup]]', '[[alpha#Setpu|setup]]'),
    });
    const run = await runCli(dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(stable(run.stdout)).toBe(await report(dir));
    expect(run.stdout.match(/  \[[a-z0-9-]+\]$/gm)).toHaveLength(2);
  });
});

describe.concurrent('frontmatter mistakes', () => {
  it('reports malformed YAML with its line', async ({ expect }) => {
    const broken = '---\ntitle: Broken\nsummary: [unclosed\nsection: theory\n---\n\nBody.\n';
    expect(await report(await corpus({ 'content/notes/broken.md': broken }))).toMatchInlineSnapshot(`
      "content/notes/broken.md:4:1  the frontmatter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]  [frontmatter-yaml]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a missing required field', async ({ expect }) => {
    const broken = note({ title: 'Broken', section: 'theory' }, 'Body.');
    expect(await report(await corpus({ 'content/notes/broken.md': broken }))).toMatchInlineSnapshot(`
      "content/notes/broken.md:1:1  missing required key "summary": add a line \`summary: …\` to the frontmatter  [frontmatter-missing-key]

      1 error and 0 warnings in 1 file. Checked 3 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a wrong-typed field', async ({ expect }) => {
    const broken = note({ title: 'Broken', summary: 'S.', section: 'theory', tags: 'optimization', draft: 'maybe' }, 'Body.');
    expect(await report(await corpus({ 'content/notes/broken.md': broken }))).toMatchInlineSnapshot(`
      "content/notes/broken.md:5:7  tags must be a list, e.g. \`tags: [implicit-bias, optimization]\`  [frontmatter-invalid]
      content/notes/broken.md:6:8  draft must be true or false  [frontmatter-invalid]

      2 errors and 0 warnings in 1 file. Checked 3 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports an unknown frontmatter key with the nearest valid key', async ({ expect }) => {
    const broken = note({ title: 'Broken', summary: 'S.', section: 'theory', tagz: ['optimization'] }, 'Body.');
    expect(await report(await corpus({ 'content/notes/broken.md': broken }))).toMatchInlineSnapshot(`
      "content/notes/broken.md:5:1  unknown frontmatter key "tagz". Did you mean "tags"? Allowed keys: title, summary, section, tags, aliases, related, prerequisites, updated, draft  [frontmatter-unknown-key]

      1 error and 0 warnings in 1 file. Checked 3 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a note without frontmatter and one whose frontmatter is never closed', async ({ expect }) => {
    const dir = await corpus({ 'content/notes/bare.md': 'Just text.\n', 'content/notes/open.md': '---\ntitle: Open\n\nBody.\n' });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/bare.md:1:1  the note has no frontmatter: start the file with a \`---\` line, then \`title:\` and \`summary:\`, then another \`---\` line  [frontmatter-missing]
      content/notes/open.md:1:1  the frontmatter is never closed: add a \`---\` line after the last frontmatter key  [frontmatter-unclosed]

      2 errors and 0 warnings in 2 files. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a date that does not exist', async ({ expect }) => {
    const broken = note({ title: 'Broken', summary: 'S.', section: 'theory', updated: '2026-02-30' }, 'Body.');
    expect(await report(await corpus({ 'content/notes/broken.md': broken }))).toMatchInlineSnapshot(`
      "content/notes/broken.md:5:10  updated is not a real calendar date  [frontmatter-invalid]

      1 error and 0 warnings in 1 file. Checked 3 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports an unknown tag with the nearest valid tag', async ({ expect }) => {
    const dir = await corpus({ 'content/notes/beta.md': baseline['content/notes/beta.md'].replace('[generalization]', '[generalisation, optimization]') });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/beta.md:5:8  tag "generalisation" is not in content/tags.yml. Did you mean "generalization"? Add it there with a description, or use an existing tag  [unknown-tag]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports an unknown section with the nearest valid section', async ({ expect }) => {
    const dir = await corpus({ 'content/notes/beta.md': baseline['content/notes/beta.md'].replace('section: empirical', 'section: empirics') });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/beta.md:4:10  unknown section "empirics". Did you mean "empirical"? Sections: theory, empirical  [unknown-section]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a broken related entry with the nearest note', async ({ expect }) => {
    const dir = await corpus({ 'content/notes/beta.md': baseline['content/notes/beta.md'].replace('tags: [generalization]', 'tags: [generalization]\nrelated: [alpha, alpah]') });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/beta.md:6:1  related entry "alpah" (item 2) names no note. Did you mean "Alpha"?  [broken-related]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });
});

describe.concurrent('link and citation mistakes', () => {
  const beta = (body: string) => ({ 'content/notes/beta.md': note({ title: 'Beta', summary: 'The second note.', section: 'empirical', tags: ['generalization'] }, body) });

  it('reports a broken wikilink with the nearest note', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha]] and [[alpah]].')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:29  wikilink [[alpah]] points to no note. Did you mean "Alpha"?  [broken-link]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a missing heading in another note, listing the headings there', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha#Set up]].')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:15  heading "Set up" does not exist in alpha. Did you mean "Setup"? Headings there: Setup  [missing-heading]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a missing heading in the same note', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha]] and to [[#Results]].\n\n## Result\n\nText.')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:32  heading "Results" does not exist in beta. Did you mean "Result"? Headings there: Result  [missing-heading]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a relative link to a missing .md file', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [alpha](alpha.md) and [gamma](gamma.md).')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:37  link to "gamma.md" points to no note (resolved to notes/gamma.md).  [broken-link]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports an unknown citation key with the nearest key', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha]] and cites [@jacot2018nueral] and @neal1996bayesain.')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:35  unknown citation key "@jacot2018nueral": it is not in content/references.bib. Did you mean "jacot2018neural"?  [unknown-citation]
      content/notes/beta.md:8:58  unknown citation key "@neal1996bayesain": it is not in content/references.bib. Did you mean "neal1996bayesian"?  [unknown-citation]

      2 errors and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports invalid LaTeX with KaTeX’s reason', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha]].\n\nBroken: $\\frac{1}{$.\n\n$$\n\\left( x\n$$')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:10:9  could not render math: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{1}{. Fix the TeX, or use a macro from src/lib/katex-macros.ts  [math-error]
      content/notes/beta.md:12:1  could not render math: Expected '\\right', got 'EOF' at end of input: \\left( x. Fix the TeX, or use a macro from src/lib/katex-macros.ts  [math-error]

      2 errors and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports an undefined macro', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha]] with $\\Norm{x}$.')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:30  could not render math: Undefined control sequence: \\Norm at position 1: \\Norm{x}. Fix the TeX, or use a macro from src/lib/katex-macros.ts  [math-error]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('refuses <script>, event handlers and unsafe links in inline HTML, saying what to write instead', async ({ expect }) => {
    expect(
      await report(await corpus(beta('Beta links to [[alpha]].\n\n<script>alert(1)</script>\n\nAn <img src="x" onerror="alert(1)"> and <a href="javascript:alert(1)">x</a>.'))),
    ).toMatchInlineSnapshot(`
      "content/notes/beta.md:10:1  HTML: <script> would run code in the reader's browser: remove it  [unsafe-html]
      content/notes/beta.md:12:4  HTML: the image src="x" is not in content/figures/: put the file there and write src="../figures/name.png"  [broken-image]
      content/notes/beta.md:12:4  HTML: the image has no description: add alt="what the image shows"  [figure-alt]
      content/notes/beta.md:12:4  HTML: the attribute onerror="alert(1)" on <img> would run code in the reader's browser: remove it  [unsafe-html]
      content/notes/beta.md:12:41  HTML: the link href="javascript:alert(1)" on <a> uses the javascript: scheme, which could run code or open local files: only http, https and mailto links are published  [unsafe-html]

      5 errors and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('warns, with the fix, about formulas KaTeX renders but LaTeX would refuse, and still passes', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha]]: $f′(x)$, $a\u200bb$ and $x \\le y % c$.')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:26  warning  the formula contains "′" (U+2032), which LaTeX does not accept: write ' (or ^\\prime)  [math-strict]
      content/notes/beta.md:8:35  warning  the formula contains an invisible zero-width space (U+200B): delete it  [math-strict]
      content/notes/beta.md:8:45  warning  the formula ends inside a % comment, which LaTeX would not close: escape the percent sign as \\% or end the comment with a new line  [math-strict]

      0 errors and 3 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('publishes harmless inline HTML: line breaks, superscripts, folded details, keyboard keys', async ({ expect }) => {
    const body = 'Beta links to [[alpha]]: x<sup>2</sup>, a<br>b, <kbd>Ctrl</kbd>.\n\n<details>\n<summary>Proof</summary>\n\nBy **induction** on $n$.\n\n</details>';
    expect(await report(await corpus(beta(body)))).toMatch(/^No problems found\./);
  });

  it('checks raster figures: the bytes must be the format the name says', async ({ expect }) => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const body = 'Beta links to [[alpha]].\n\n![A pixel](../figures/pixel.png) ![Renamed](../figures/photo.jpg) ![Text](../figures/notes.gif)';
    const dir = await corpus({ 'content/figures/pixel.png': png, 'content/figures/photo.jpg': png, 'content/figures/notes.gif': 'not an image', ...beta(body) });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/figures/notes.gif:1:1  the file is not a GIF image (its bytes are not an image this site can serve): export it again as PNG, JPEG, GIF, WebP or AVIF  [bad-image]
      content/figures/photo.jpg:1:1  the file is named .jpg but holds a PNG image: rename it to .png  [bad-image]

      2 errors and 0 warnings in 2 files. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a missing figure and a figure without a description', async ({ expect }) => {
    expect(await report(await corpus(beta('Beta links to [[alpha]].\n\n![Chart](../figures/diagrm.svg)\n\n![](../figures/diagram.svg)')))).toMatchInlineSnapshot(`
      "content/notes/beta.md:10:1  figure "diagrm.svg" is not in content/figures/. Did you mean "diagram.svg"?  [broken-image]
      content/notes/beta.md:12:1  figure "diagram.svg" has no description: write ![what the figure shows](../figures/diagram.svg)  [figure-alt]

      2 errors and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });
});

describe.concurrent('file mistakes', () => {
  it('reports a duplicate slug (the same file name in two folders)', async ({ expect }) => {
    const dir = await corpus({ 'content/notes/more/alpha.md': note({ title: 'Another alpha', summary: 'S.', section: 'theory' }, 'Body [[beta]].') });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/more/alpha.md:1:1  duplicate slug "alpha": content/notes/alpha.md already uses it. Rename one of the files  [duplicate-slug]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports two notes claiming one alias, and still resolves an exact slug', async ({ expect }) => {
    const dir = await corpus({
      'content/notes/beta.md': baseline['content/notes/beta.md'].replace('tags: [generalization]', 'tags: [generalization]\naliases: [first note, alpha]'),
    });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/alpha.md:2:1  "alpha" is claimed by more than one note (also content/notes/beta.md); a title or alias must name one note only  [duplicate-title]
      content/notes/alpha.md:6:1  "first note" is claimed by more than one note (also content/notes/beta.md); a title or alias must name one note only  [duplicate-alias]
      content/notes/beta.md:6:1  "alpha" is claimed by more than one note (also content/notes/alpha.md); a title or alias must name one note only  [duplicate-alias]
      content/notes/beta.md:6:1  "first note" is claimed by more than one note (also content/notes/alpha.md); a title or alias must name one note only  [duplicate-alias]

      4 errors and 0 warnings in 2 files. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports two notes with one title', async ({ expect }) => {
    const dir = await corpus({ 'content/notes/gamma.md': note({ title: 'beta', summary: 'S.', section: 'theory' }, 'Gamma links to [[alpha]].') });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/beta.md:2:1  "beta" is claimed by more than one note (also content/notes/gamma.md); a title or alias must name one note only  [duplicate-title]
      content/notes/gamma.md:1:1  warning  no other note links to "gamma"; link to it from a related note so readers can find it  [orphan-note]
      content/notes/gamma.md:2:1  "beta" is claimed by more than one note (also content/notes/beta.md); a title or alias must name one note only  [duplicate-title]

      2 errors and 1 warning in 2 files. Checked 3 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports an empty file and a file of blank lines', async ({ expect }) => {
    expect(await report(await corpus({ 'content/notes/empty.md': '', 'content/notes/blank.md': '\n  \n\n' }))).toMatchInlineSnapshot(`
      "content/notes/blank.md  the file is empty: add frontmatter (title, summary, section) and a body, or delete it  [empty-file]
      content/notes/empty.md  the file is empty: add frontmatter (title, summary, section) and a body, or delete it  [empty-file]

      2 errors and 0 warnings in 2 files. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a file that is not UTF-8, with the line of the bad byte', async ({ expect }) => {
    const latin1 = Buffer.from('---\ntitle: Caf\xe9\nsummary: S.\nsection: theory\n---\n\nBody.\n', 'latin1');
    expect(await report(await corpus({ 'content/notes/latin1.md': latin1 }))).toMatchInlineSnapshot(`
      "content/notes/latin1.md:2:11  the file is not valid UTF-8 (byte 0xe9 at offset 14); re-save it as UTF-8  [encoding]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('refuses a very large note (5 MB) quickly, without rendering it', async ({ expect }) => {
    const paragraph = `${'A sentence about kernels with $x^2$ and [[alpha]]. '.repeat(40)}\n\n`;
    const big = note({ title: 'Big', summary: 'S.', section: 'theory' }, paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length)));
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const started = performance.now();
    expect(await report(await corpus({ 'content/notes/big.md': big }))).toMatchInlineSnapshot(`
      "content/notes/big.md  the note is 5.0 MB; the limit is 1 MB. Split it into several linked notes  [note-too-large]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe.concurrent('bibliography, taxonomy and figure mistakes', () => {
  const bib = baseline['content/references.bib'];

  it('reports a malformed BibTeX entry at its line and keeps the others', async ({ expect }) => {
    const dir = await corpus({ 'content/references.bib': `${bib}\n@article{broken2020,\n  title = {Unclosed,\n  year = {2020},\n}\n` });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/references.bib:19:1  malformed BibTeX entry "broken2020": Token mismatch, expected "}", found ""... at line 23, column 1. Check its braces and that every field ends with a comma  [bib-syntax]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a duplicate BibTeX key', async ({ expect }) => {
    const dir = await corpus({ 'content/references.bib': `${bib}\n${entry('Jacot2018Neural', 'Again', 'Jacot, Arthur', 2018, 'eprint = {1806.07572}')}` });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/references.bib:19:1  duplicate BibTeX key "Jacot2018Neural" (first defined on line 1); rename one of them or merge the entries  [bib-duplicate-key]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports missing fields, bad identifiers and unknown keywords in BibTeX', async ({ expect }) => {
    const extra = [
      '@article{bare2020,\n  title = {Only a title},\n}\n',
      entry('badid2020', 'Bad ids', 'Smith, Ann', 2020, 'eprint = {not-an-id}'),
      entry('badtag2020', 'Bad tag', 'Smith, Ann', 2020, 'url = {https://example.org}').replace('keywords = {optimization}', 'keywords = {optimisation}'),
    ].join('\n');
    expect(await report(await corpus({ 'content/references.bib': `${bib}\n${extra}` }))).toMatchInlineSnapshot(`
      "content/references.bib:19:1  BibTeX entry "bare2020" is missing author, year, a venue (journal, booktitle, publisher, institution, school or howpublished), a link (eprint for an arXiv id, doi, or url)  [bib-missing-field]
      content/references.bib:23:1  BibTeX entry "badid2020" has eprint "not-an-id", which is not an arXiv id like 1806.07572  [bib-invalid-field]
      content/references.bib:32:1  "badtag2020" has keyword "optimisation", which is not a tag in content/tags.yml. Did you mean "optimization"?  [unknown-tag]

      3 errors and 0 warnings in 1 file. Checked 2 notes and 3 papers in <time> s.
      "
    `);
  });

  it('reports a missing bibliography', async ({ expect }) => {
    expect(await report(await corpus({ 'content/references.bib': null }))).toMatchInlineSnapshot(`
      "content/references.bib  the bibliography is missing: create content/references.bib  [missing-file]

      1 error and 0 warnings in 1 file. Checked 2 notes and 0 papers in <time> s.
      "
    `);
  });

  it('reports a malformed sections.yml once, at its line, without flagging every note', async ({ expect }) => {
    const dir = await corpus({ 'content/sections.yml': '- id: theory\n  title: Theory\n  description: [unclosed\n- id: empirical\n' });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/sections.yml:4:1  not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]  [taxonomy-yaml]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports a missing tags.yml once, without flagging every tag', async ({ expect }) => {
    expect(await report(await corpus({ 'content/tags.yml': null }))).toMatchInlineSnapshot(`
      "content/tags.yml  content/tags.yml is missing  [missing-file]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('reports invalid and duplicate taxonomy entries', async ({ expect }) => {
    const tags = `${baseline['content/tags.yml']}- id: Optimization Two\n  title: X\n  description: Y.\n- id: optimization\n  title: Again\n  description: Z.\n`;
    expect(await report(await corpus({ 'content/tags.yml': tags, 'content/sections.yml': '- id: theory\n' }))).toMatchInlineSnapshot(`
      "content/notes/beta.md:4:10  unknown section "empirical". Sections: theory  [unknown-section]
      content/sections.yml:1:1  entry 1: title: a section needs a title  [taxonomy-invalid]
      content/sections.yml:1:1  entry 1: description: a section needs a one-line description  [taxonomy-invalid]
      content/tags.yml:7:1  entry 3: id: a tag id must be kebab-case, e.g. implicit-bias  [taxonomy-invalid]
      content/tags.yml:10:1  duplicate id "optimization"  [taxonomy-duplicate]

      5 errors and 0 warnings in 3 files. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('refuses an unsafe figure', async ({ expect }) => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(1)</script><image href="https://example.org/x.png"/></svg>';
    expect(await report(await corpus({ 'content/figures/diagram.svg': svg }))).toMatchInlineSnapshot(`
      "content/figures/diagram.svg:1:1  event handler "onload" is not allowed in a figure  [unsafe-figure]
      content/figures/diagram.svg:1:1  <script> is not allowed in a figure  [unsafe-figure]
      content/figures/diagram.svg:1:1  <image> is not allowed in a figure: draw the picture in SVG (the site makes no outside requests and has no raster images)  [unsafe-figure]

      3 errors and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });
});

describe('a corpus with several mistakes', () => {
  it('reports every problem in one run, sorted by file and line', async () => {
    const dir = await corpus({
      'content/notes/alpha.md': baseline['content/notes/alpha.md'].replace('tags: [optimization]', 'tags: [optimisation]').replace('[[beta]]', '[[bta]]'),
      'content/notes/beta.md': `${baseline['content/notes/beta.md'].replace('@neal1996bayesian', '@neal1996bayesain')}\nBroken $\\frac{$ formula.\n`,
      'content/notes/empty.md': '',
      'content/notes/broken.md': note({ title: 'Broken', section: 'nowhere', tagz: [] }, 'Body.'),
      'content/references.bib': `${baseline['content/references.bib']}\n${entry('neal1996bayesian', 'Dup', 'Neal, R', 1996, 'url = {https://x.org}')}`,
    });
    const text = await report(dir);
    expect(text).toMatchInlineSnapshot(`
      "content/notes/alpha.md:5:8  tag "optimisation" is not in content/tags.yml. Did you mean "optimization"? Add it there with a description, or use an existing tag  [unknown-tag]
      content/notes/alpha.md:9:16  wikilink [[bta]] points to no note. Did you mean "Beta"?  [broken-link]
      content/notes/beta.md:1:1  warning  no other note links to "beta"; link to it from a related note so readers can find it  [orphan-note]
      content/notes/beta.md:8:46  unknown citation key "@neal1996bayesain": it is not in content/references.bib. Did you mean "neal1996bayesian"?  [unknown-citation]
      content/notes/beta.md:10:8  could not render math: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{. Fix the TeX, or use a macro from src/lib/katex-macros.ts  [math-error]
      content/notes/broken.md:1:1  missing required key "summary": add a line \`summary: …\` to the frontmatter  [frontmatter-missing-key]
      content/notes/broken.md:3:10  unknown section "nowhere". Sections: theory, empirical  [unknown-section]
      content/notes/broken.md:4:1  unknown frontmatter key "tagz". Did you mean "tags"? Allowed keys: title, summary, section, tags, aliases, related, prerequisites, updated, draft  [frontmatter-unknown-key]
      content/notes/empty.md  the file is empty: add frontmatter (title, summary, section) and a body, or delete it  [empty-file]
      content/references.bib:19:1  duplicate BibTeX key "neal1996bayesian" (first defined on line 10); rename one of them or merge the entries  [bib-duplicate-key]

      9 errors and 1 warning in 5 files. Checked 3 notes and 2 papers in <time> s.
      "
    `);
    expect(new Set((await problemsOf(dir)).map((p) => p.rule)).size).toBeGreaterThanOrEqual(7);
  });
});
