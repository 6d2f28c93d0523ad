import { describe, expect, it } from 'vitest';
import { planImport, type SiteInput } from '../../src/lib/import/plan.ts';

/**
 * The body conversions, through the pure plan of a small folder: one note, `note.md`, written per
 * case, next to notes it links to, images, and a site with a note and a bibliography.
 */

const others: Record<string, string> = {
  'b/page.md': '# Page\n\nText.\n\n## Intro\n\n## Setup\n\n## Setup\n\n## The kernel regime {#custom}\n',
  'Page Name.md': '---\ntitle: Page title\naliases: [PN]\npermalink: /notes/pn/\n---\n\nText.\n\n## Heading\n',
  '_posts/2020-01-02-a-post.md': '---\ntitle: A post\n---\n\nText.\n',
};
const assets = new Map([
  ['img/x.png', 'h1'],
  ['img/diagram.bmp', ''],
  ['attachments/plot.png', 'h2'],
  ['talk.pdf', ''],
]);
const site: SiteInput = {
  sections: [{ id: 'theory', title: 'Theory' }],
  tags: [],
  citeKeys: new Set(['jacot2018neural', 'neal1996bayesian']),
  notes: [{ slug: 'alpha', title: 'Alpha', aliases: ['First note'] }],
  figures: new Map(),
};
/** Rules of the body conversions (the frontmatter and naming lines are tested elsewhere). */
const bodyRules = new Set([
  'link',
  'wikilink',
  'unresolved-link',
  'image',
  'missing-image',
  'remote-image',
  'citation',
  'kramdown',
  'title',
]);

function convert(note: string): { body: string; report: string[] } {
  const files = Object.entries({ ...others, 'note.md': note }).map(([path, text]) => ({ path, text }));
  const plan = planImport({ label: 'f', files, assets }, site, { force: false });
  const text = plan.notes.find((n) => n.source === 'note.md')?.text ?? '';
  const report = plan.entries
    .filter((e) => e.file === 'f/note.md' && bodyRules.has(e.rule) && !e.message.endsWith('taken from the file name'))
    .map((e) => `${e.line}:${e.column}${e.look ? ' warning' : ''} ${e.message}`);
  return { body: text.slice(text.indexOf('\n---\n') + 5).trim(), report };
}

describe('links between imported notes', () => {
  it.each([
    [
      'a relative link with an anchor',
      '[the intro](b/page.md#intro)',
      '[[page#Intro|the intro]]',
      ['1:1 link [the intro](b/page.md#intro) written as [[page#Intro|the intro]]'],
    ],
    [
      'a link to the generated page',
      '[x](b/page.html)',
      '[[page|x]]',
      ['1:1 link [x](b/page.html) written as [[page|x]]'],
    ],
    [
      'a Jekyll permalink',
      'See [x](/notes/pn/).',
      'See [[page-name|x]].',
      ['1:5 link [x](/notes/pn/) written as [[page-name|x]]'],
    ],
    [
      'a post by its dated URL',
      '[x](/2020/01/02/a-post.html)',
      '[[a-post|x]]',
      ['1:1 link [x](/2020/01/02/a-post.html) written as [[a-post|x]]'],
    ],
    [
      'a kramdown heading id',
      '[x](b/page.md#custom)',
      '[[page#The kernel regime|x]]',
      ['1:1 link [x](b/page.md#custom) written as [[page#The kernel regime|x]]'],
    ],
    [
      'a repeated heading, by its id',
      '[x](b/page.md#setup-1)',
      '[[page#setup-1|x]]',
      ['1:1 link [x](b/page.md#setup-1) written as [[page#setup-1|x]]'],
    ],
    [
      'the heading that became the title',
      '[x](b/page.md#page)',
      '[[page|x]]',
      ['1:1 link [x](b/page.md#page) written as [[page|x]]'],
    ],
    [
      'an encoded name with a space',
      '[x](Page%20Name.md#heading)',
      '[[page-name#Heading|x]]',
      ['1:1 link [x](Page%20Name.md#heading) written as [[page-name#Heading|x]]'],
    ],
    [
      'link text with markup, by its destination only',
      '[*x*](<Page Name.md>)',
      '[*x*](page-name.md)',
      ['1:1 link [*x*](<Page Name.md>) now points to page-name.md'],
    ],
    [
      'a reference definition',
      '[x][r]\n\n[r]: <Page Name.md#heading>',
      '[x][r]\n\n[r]: page-name.md#heading',
      ['3:6 link definition [r] now points to page-name.md#heading'],
    ],
    [
      'an anchor with no heading',
      '[x](b/page.md#nowhere)',
      '[[page|x]]',
      [
        '1:1 link [x](b/page.md#nowhere) written as [[page|x]]',
        '1:1 warning "#nowhere" names no heading of b/page.md; the link now goes to the top of the note: add the heading to the link by hand',
      ],
    ],
    [
      'a note that is not in the folder',
      '[x](missing.md)',
      '[x](missing.md)',
      [
        '1:1 warning link [x](missing.md) kept as written: "missing.md" is not in the folder; import or publish it, or remove the link (the checks report links to missing notes)',
      ],
    ],
    [
      'a file that is not a note',
      '[slides](talk.pdf)',
      '[slides](talk.pdf)',
      [
        '1:1 warning link [slides](talk.pdf) kept as written: "talk.pdf" is not a note and is not copied; import or publish it, or remove the link (the checks report links to missing notes)',
      ],
    ],
    [
      'an external link, untouched',
      '[x](https://arxiv.org/abs/1806.07572) and <https://example.org>',
      '[x](https://arxiv.org/abs/1806.07572) and <https://example.org>',
      [],
    ],
    [
      'a link inside code, untouched',
      '`[x](b/page.md)`\n\n    [y](b/page.md)',
      '`[x](b/page.md)`\n\n    [y](b/page.md)',
      [],
    ],
  ])('rewrites %s', (_what, input, output, report) => {
    expect(convert(input)).toEqual({ body: output, report });
  });

  it('rewrites a link to a heading of the same note, and keeps one to no heading', () => {
    expect(convert('## Setup {#s}\n\n[x](#s) and [y](#nothing)')).toEqual({
      body: '## Setup\n\n[[#Setup|x]] and [y](#nothing)',
      report: [
        '1:10 removed kramdown heading id {#s} (links to it now go to the heading)',
        '3:1 link [x](#s) written as [[#Setup|x]]',
        '3:13 warning link [y](#nothing) kept as written: no heading of this note has the id "nothing"',
      ],
    });
  });
});

describe('Obsidian wikilinks', () => {
  it.each([
    ['by file name', '[[Page Name]]', '[[page-name]]', ['1:1 wikilink [[Page Name]] written as [[page-name]]']],
    [
      'with its words',
      '[[Page Name|the page]]',
      '[[page-name|the page]]',
      ['1:1 wikilink [[Page Name|the page]] written as [[page-name|the page]]'],
    ],
    [
      'to a heading',
      '[[Page Name#Heading]]',
      '[[page-name#Heading]]',
      ['1:1 wikilink [[Page Name#Heading]] written as [[page-name#Heading]]'],
    ],
    [
      'by title and by alias',
      '[[Page title]], [[PN]]',
      '[[page-name]], [[page-name]]',
      ['1:1 wikilink [[Page title]] written as [[page-name]]', '1:17 wikilink [[PN]] written as [[page-name]]'],
    ],
    ['to a note of the site', '[[First note]]', '[[alpha]]', ['1:1 wikilink [[First note]] written as [[alpha]]']],
    [
      'in a table cell, keeping the escaped bar',
      '| a |\n|---|\n| [[Page Name\\|p]] |',
      '| a |\n|---|\n| [[page-name\\|p]] |',
      ['3:3 wikilink [[Page Name\\|p]] written as [[page-name\\|p]]'],
    ],
    [
      'with a block reference, which is dropped',
      '[[Page Name#^b1]]',
      '[[page-name]]',
      [
        '1:1 wikilink [[Page Name#^b1]] written as [[page-name]]',
        '1:1 warning block reference #^b1 dropped from [[Page Name#^b1]]: the site links to notes and headings only',
      ],
    ],
    [
      'to nothing, kept',
      '[[Nowhere]]',
      '[[Nowhere]]',
      [
        '1:1 warning wikilink [[Nowhere]] names no imported note and no note of the site; kept as written: import that note, or remove the link (the checks report it)',
      ],
    ],
    ['in code, untouched', '`[[Page Name]]`', '`[[Page Name]]`', []],
  ])('rewrites one %s', (_what, input, output, report) => {
    expect(convert(input)).toEqual({ body: output, report });
  });
});

describe('images', () => {
  it.each([
    [
      'a local image, copied',
      '![A plot](img/x.png "Loss")',
      '![A plot](../figures/x.png "Loss")',
      ['1:1 image ![A plot](img/x.png "Loss") copied to content/figures/x.png'],
    ],
    [
      'an HTML image, its src only',
      '<img src="img/x.png" width="50">',
      '<img src="../figures/x.png" width="50">',
      ['1:1 image <img src="img/x.png" width="50"> copied to content/figures/x.png'],
    ],
    [
      'a remote image, as a link',
      '![Architecture](https://e.org/a.png)',
      '[Architecture](https://e.org/a.png)',
      [
        '1:1 warning remote image ![Architecture](https://e.org/a.png) written as a link: the site loads nothing from other origins; save the image into the folder to import it as a figure',
      ],
    ],
    [
      'a remote image with no alt text',
      '![](https://e.org/a.png)',
      '[image](https://e.org/a.png)',
      [
        '1:1 warning remote image ![](https://e.org/a.png) written as a link: the site loads nothing from other origins; save the image into the folder to import it as a figure',
      ],
    ],
    [
      'a remote HTML image',
      '<img src="https://e.org/a.png" alt="A">',
      '[A](https://e.org/a.png)',
      [
        '1:1 warning remote image <img src="https://e.org/a.png" alt="A"> written as a link: the site loads nothing from other origins; save the image into the folder to import it as a figure',
      ],
    ],
    [
      'an Obsidian embed, by file name',
      '![[plot.png|Test error]]',
      '![Test error](../figures/plot.png)',
      [
        '1:1 embedded image ![[plot.png|Test error]] copied to content/figures/plot.png and written as ![Test error](../figures/plot.png)',
      ],
    ],
    [
      'an Obsidian embed with a width, not a description',
      '![[plot.png|300]]',
      '![](../figures/plot.png)',
      [
        '1:1 warning embedded image ![[plot.png|300]] copied to content/figures/plot.png and written as ![](../figures/plot.png); write what it shows between the brackets',
      ],
    ],
    [
      'an embedded note, as a link',
      '![[Page Name]]',
      '[[page-name]]',
      [
        '1:1 warning embedded note ![[Page Name]] written as a link [[page-name]]: the site does not show one note inside another',
      ],
    ],
    [
      'a missing image, kept',
      '![A](img/none.png)',
      '![A](img/none.png)',
      [
        '1:1 warning image ![A](img/none.png) kept as written: "img/none.png" is not in the folder; add it and import again, or remove it',
      ],
    ],
    [
      'an image type the site does not serve, kept',
      '![A](img/diagram.bmp)',
      '![A](img/diagram.bmp)',
      [
        '1:1 warning image ![A](img/diagram.bmp) kept as written: .bmp is not a figure type here (SVG, PNG, JPEG, GIF, WebP or AVIF); convert it',
      ],
    ],
  ])('converts %s', (_what, input, output, report) => {
    expect(convert(input)).toEqual({ body: output, report });
  });
});

describe('citations, titles and HTML', () => {
  it.each([
    [
      'a distill citation whose keys are known',
      'As shown <d-cite key="jacot2018neural, neal1996bayesian"></d-cite>.',
      'As shown [@jacot2018neural; @neal1996bayesian].',
      [
        '1:10 <d-cite key="jacot2018neural, neal1996bayesian"></d-cite> written as [@jacot2018neural; @neal1996bayesian]',
      ],
    ],
    [
      'a distill citation with an unknown key, kept',
      'See <d-cite key="jacot2018neurl"></d-cite>.',
      'See <d-cite key="jacot2018neurl"></d-cite>.',
      [
        '1:5 warning <d-cite key="jacot2018neurl"></d-cite> kept as written: "jacot2018neurl" (did you mean "jacot2018neural"?) is not in content/references.bib; add the paper there and write [@key]',
      ],
    ],
    [
      'a first heading that becomes the title',
      '# The kernel regime\n\nText.',
      'Text.',
      [
        '1:1 title "The kernel regime" taken from the first heading, which was removed (the page shows the title above the note)',
      ],
    ],
    [
      'a first heading that repeats the frontmatter title',
      '---\ntitle: Kernels\n---\n\n# Kernels\n\nText.',
      'Text.',
      ['5:1 removed the first heading "Kernels": it repeats the title'],
    ],
    [
      'a first heading that differs from the frontmatter title, kept',
      '---\ntitle: Kernels\n---\n\n# Why kernels\n\nText.',
      '# Why kernels\n\nText.',
      [],
    ],
    [
      'harmless inline HTML, kept as written',
      'x<sup>2</sup><br>\n\n<details><summary>Proof</summary>\n\nText.\n\n</details>',
      'x<sup>2</sup><br>\n\n<details><summary>Proof</summary>\n\nText.\n\n</details>',
      [],
    ],
  ])('converts %s', (_what, input, output, report) => {
    expect(convert(input)).toEqual({ body: output, report });
  });
});

describe('planImport', () => {
  it('gives a repeated title its folder and drops an alias another note has, saying so', () => {
    const plan = planImport(
      {
        label: 'f',
        files: [{ path: 'a/x.md', text: '---\ntitle: Alpha\naliases: [First note, Own]\n---\n\nText.' }],
        assets: new Map(),
      },
      site,
      { force: false },
    );
    expect(plan.notes[0].text).toMatch(/^---\ntitle: Alpha \(a\)\n[^]*aliases: \[Own\]\n/);
    expect(plan.entries.filter((e) => e.look).map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '3:1 alias "First note" dropped: another note already has that name',
      '1:1 title "Alpha" is taken by another note; written as "Alpha (a)"',
    ]);
  });

  it('keeps what it does not convert byte for byte', () => {
    const body =
      'Text with  two spaces, *emphasis*, a [link](https://e.org "t"),\ttabs and a trailing space \n\n- [ ] a task\n\n| a | b |\n|---|---|\n| 1 | 2 |';
    expect(convert(body).body).toBe(body.trim());
  });
});

describe('reading source files', () => {
  const entriesOf = (text: string) => {
    const plan = planImport({ label: 'f', files: [{ path: 'n.md', text }], assets: new Map() }, site, { force: false });
    return {
      text: plan.notes[0]?.text ?? '',
      lines: plan.entries
        .filter((e) => e.rule !== 'imported' && e.rule !== 'section')
        .map((e) => `${e.line}:${e.column}${e.look ? ' warning' : ''} ${e.message}`),
    };
  };

  it('locates changes in a file with a byte-order mark and Windows line ends by its own lines', () => {
    const { text, lines } = entriesOf(
      '\uFEFF---\r\ntitle: Kernels\r\nlayout: post\r\n---\r\n\r\nText {: .x}\r\n\r\nSee $$x$$.\r\n',
    );
    expect(lines).toContain('3:1 dropped frontmatter key "layout" (the site has no such key)');
    expect(lines).toContain('6:6 removed kramdown attribute list {: .x}');
    expect(lines).toContain('8:5 kramdown inline math $$x$$ written as $…$');
    expect(text).toMatch(/\n---\n\nText\n\nSee \$x\$\.\n$/);
  });

  it('reports frontmatter that is not valid YAML and imports the note with what can be found', () => {
    const { text, lines } = entriesOf('---\ntitle: [unclosed\n---\n\n# Kernels\n\nText.');
    expect(lines[0]).toMatch(
      /^3:1 warning the frontmatter is not valid YAML: .*; none of its keys were imported: fix it in the imported note$/,
    );
    expect(text).toMatch(/^---\ntitle: Kernels\nsummary: Text\.\n/);
  });
});
