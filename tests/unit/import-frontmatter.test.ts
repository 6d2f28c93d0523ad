import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';
import { validateFrontmatter } from '../../src/lib/validate-frontmatter.ts';
import { assignSlugs } from '../../src/lib/import/assign-slugs.ts';
import { fileStem, kramdownId } from '../../src/lib/import/catalog.ts';
import { createFigureNamer, figureFileName } from '../../src/lib/import/figures.ts';
import { importFrontmatter, isoDay, matchTaxonomy, writeFrontmatter } from '../../src/lib/import/note-frontmatter.ts';
import { titleFromFileName } from '../../src/lib/import/plan.ts';
import { shorten, summaryOfText } from '../../src/lib/import/summary.ts';
import { texToText } from '../../src/lib/import/tex-text.ts';
import { noteFrontmatterKeys, noteFrontmatterSchema } from '../../src/schemas/note.ts';

const sections = [
  { id: 'overview', title: 'Start here' },
  { id: 'theory', title: 'Theoretical studies' },
  { id: 'empirical', title: 'Empirical studies' },
];
const tags = [
  { id: 'kernel-methods', title: 'Kernel methods' },
  { id: 'implicit-bias', title: 'Implicit bias' },
];

/** Imports the frontmatter of a YAML block and returns it with its remarks as `line:col message`. */
function imported(yaml: string, path = 'note.md') {
  const split = splitFrontmatter(`---\n${yaml}\n---\n`);
  const { frontmatter, remarks } = importFrontmatter({
    data: split.data as Record<string, unknown>,
    keyPlace: (k) => split.locate([k], 'key'),
    path,
    sections,
    tags,
    defaultSection: 'theory',
  });
  return { frontmatter, remarks: remarks.map((r) => `${r.line}:${r.column}${r.look ? ' look' : ''} ${r.message}`) };
}

describe('importFrontmatter', () => {
  it('maps a Jekyll post: section from its categories, tags by title, the date, and drops the rest', () => {
    const { frontmatter, remarks } = imported(
      'layout: post\ndate: 2020-01-02 10:00:00 +0100\ncategories: [kernels, Theoretical studies]\ntags: [Kernel Methods, NTK]\npermalink: /notes/ntk/',
    );
    expect(frontmatter).toEqual({
      section: 'theory',
      tags: ['kernel-methods'],
      aliases: [],
      updated: '2020-01-02',
      draft: undefined,
    });
    expect(remarks).toEqual([
      '4:1 section "theory" taken from "Theoretical studies"',
      '5:1 tag "Kernel Methods" written as "kernel-methods"',
      '5:1 look tag "NTK" is not in content/tags.yml and was dropped; add it there with a description to keep it',
      '3:1 updated: 2020-01-02 (from "date")',
      '2:1 dropped frontmatter key "layout" (the site has no such key)',
      '6:1 dropped frontmatter key "permalink" (the site has no such key)',
    ]);
  });

  it.each([
    ['aliases as a list', 'aliases: [NTK, tangent kernel]', { aliases: ['NTK', 'tangent kernel'] }],
    ['one alias as a string, spaces kept', 'alias: max-margin bias', { aliases: ['max-margin bias'] }],
    ['tags as a string of words', 'tags: kernel-methods implicit_bias', { tags: ['kernel-methods', 'implicit-bias'] }],
    ['Obsidian tags with #', 'tags: ["#implicit-bias"]', { tags: ['implicit-bias'] }],
    ['published: false as a draft', 'published: false', { draft: true }],
    [
      'the newest of several dates, preferring updated',
      'updated: 2021-05-06\ndate: 2020-01-01',
      { updated: '2021-05-06' },
    ],
    ['an impossible date as no date', 'date: 2021-02-30', { updated: undefined }],
  ])('reads %s', (_what, yaml, expected) => {
    expect(imported(yaml).frontmatter).toMatchObject(expected);
  });

  it('takes the date of a post from its file name when the frontmatter has none', () => {
    expect(imported('title: x', '_posts/2019-07-08-ntk.md').frontmatter.updated).toBe('2019-07-08');
  });

  it('sets the default section and says so, as something to look at when the source named another', () => {
    expect(imported('title: x').remarks).toEqual([
      '1:1 section set to "theory" (the source has no section); change it if the note belongs elsewhere',
    ]);
    expect(imported('categories: [misc]').remarks).toEqual([
      '2:1 look section set to "theory" (none of "misc" is a section of content/sections.yml); change it if the note belongs elsewhere',
    ]);
  });

  it("writes frontmatter that the site's schema accepts as it is", () => {
    const { frontmatter } = imported(
      'date: 2020-01-02\ntags: [kernel methods]\naliases: ["yes", "NTK: the kernel"]\npublished: false',
    );
    const text = writeFrontmatter('The "neural" tangent kernel: a # title', 'What it is: one sentence.', frontmatter);
    expect(text).toBe(
      '---\ntitle: \'The "neural" tangent kernel: a # title\'\nsummary: "What it is: one sentence."\nsection: theory\ntags: [kernel-methods]\naliases: [yes, "NTK: the kernel"]\nupdated: 2020-01-02\ndraft: true\n---\n',
    );
    const validated = validateFrontmatter(noteFrontmatterSchema, splitFrontmatter(text), 'x.md', noteFrontmatterKeys);
    expect(validated.problems).toEqual([]);
    expect(validated.data?.aliases).toEqual(['yes', 'NTK: the kernel']);
  });
});

describe('taxonomy and dates', () => {
  it.each([
    ['kernel-methods', 'kernel-methods'],
    ['Kernel Methods', 'kernel-methods'],
    ['kernel_methods', 'kernel-methods'],
    ['#implicit-bias', 'implicit-bias'],
    ['Implicit bias', 'implicit-bias'],
    ['kernels', undefined],
  ])('matches the tag %j to %j (by id or title, ignoring case, spaces and dashes)', (word, id) => {
    expect(matchTaxonomy(word, tags)).toBe(id);
  });

  it.each([
    ['2020-01-02', '2020-01-02'],
    ['2020-01-02 10:00:00 +0100', '2020-01-02'],
    ['2020-02-30', undefined],
    ['yesterday', undefined],
  ])('reads the day of %j as %j', (value, day) => {
    expect(isoDay(value)).toBe(day);
  });
});

describe('names', () => {
  it.each([
    ['_posts/2020-01-02-neural-tangent-kernel.md', 'neural-tangent-kernel'],
    ['notes/2020-01-02-dated.md', '2020-01-02-dated'],
    ['Über Kernels.markdown', 'Über Kernels'],
  ])('gives %s the file stem %s (a post loses its date)', (path, stem) => {
    expect(fileStem(path)).toBe(stem);
  });

  it.each([
    ['mean_field_limit', 'Mean field limit'],
    ['gradient-flow', 'Gradient flow'],
    ['Über Kernels', 'Über Kernels'],
  ])('titles the file %s as %s', (stem, title) => {
    expect(titleFromFileName(stem)).toBe(title);
  });

  it.each([
    ['The kernel at initialization', 'the-kernel-at-initialization'],
    ['2. Results: $x^2$!', 'results-x2'],
    ['Über Kernels', 'ber-kernels'],
  ])("gives the heading %j kramdown's id %s", (text, id) => {
    expect(kramdownId(text)).toBe(id);
  });

  it.each([
    ['img/Loss Curve (final).PNG', 'loss-curve-final.png'],
    ['Über.svg', 'uber.svg'],
    ['…', 'figure'],
  ])('names the image %s %s in content/figures/', (path, name) => {
    expect(figureFileName(path)).toBe(name);
  });
});

describe('assignSlugs', () => {
  const slugs = (paths: string[], existing: { slug: string; title: string }[] = [], force = false) => {
    const { assignments, refused } = assignSlugs(
      paths.map((path) => ({ path, title: path.replace(/\.md$/, '') })),
      existing,
      force,
    );
    return { slugs: Object.fromEntries(assignments.map((a) => [a.path, a.slug])), refused: refused.map((r) => r.path) };
  };

  it.each([
    [
      'case-colliding names: the first in code-point order keeps the slug, the other is numbered',
      ['plain/sharpness.md', 'plain/Sharpness.md'],
      { 'plain/Sharpness.md': 'sharpness', 'plain/sharpness.md': 'sharpness-2' },
    ],
    [
      'one name in two folders: the shallower keeps it, the other gets its folder',
      ['b/c/ntk.md', 'a/ntk.md'],
      { 'a/ntk.md': 'ntk', 'b/c/ntk.md': 'c-ntk' },
    ],
    [
      'a folder prefix that is itself taken: a number',
      ['a/ntk.md', 'b/ntk.md', 'b-ntk.md'],
      { 'b-ntk.md': 'b-ntk', 'a/ntk.md': 'ntk', 'b/ntk.md': 'ntk-2' },
    ],
    [
      "a post's date and Unicode",
      ['_posts/2020-01-02-Über Kernels.md'],
      { '_posts/2020-01-02-Über Kernels.md': 'über-kernels' },
    ],
    ['a name with no letter', ['🚀.md'], { '🚀.md': 'note' }],
  ])('%s', (_what, paths, expected) => {
    expect(slugs(paths).slugs).toEqual(expected);
  });

  it('numbers a note whose slug a different site note has', () => {
    expect(slugs(['alpha.md'], [{ slug: 'alpha', title: 'Alpha particles' }]).slugs).toEqual({ 'alpha.md': 'alpha-2' });
  });

  it('refuses a note the site already has (same slug and title: imported before), or replaces it with force', () => {
    expect(slugs(['alpha.md'], [{ slug: 'alpha', title: 'Alpha' }])).toEqual({ slugs: {}, refused: ['alpha.md'] });
    expect(slugs(['alpha.md'], [{ slug: 'alpha', title: 'Alpha' }], true)).toEqual({
      slugs: { 'alpha.md': 'alpha' },
      refused: [],
    });
  });
});

describe('createFigureNamer', () => {
  it('names each image once, numbers a clash, and reuses a figure with the same bytes', () => {
    const namer = createFigureNamer(
      new Map([
        ['loss.png', 'h-old'],
        ['margin.svg', 'h-margin'],
      ]),
      new Map([
        ['a/loss.png', 'h-a'],
        ['b/loss.png', 'h-b'],
        ['att/margin.svg', 'h-margin'],
      ]),
    );
    expect(['a/loss.png', 'b/loss.png', 'a/loss.png', 'att/margin.svg'].map((p) => namer.nameFor(p))).toEqual([
      { source: 'a/loss.png', name: 'loss-2.png', copy: true },
      { source: 'b/loss.png', name: 'loss-3.png', copy: true },
      { source: 'a/loss.png', name: 'loss-2.png', copy: true },
      { source: 'att/margin.svg', name: 'margin.svg', copy: false },
    ]);
  });
});

describe('summaries', () => {
  it.each([
    ['\\frac12\\|\\nabla f(x)\\|^2 \\ge \\mu\\,(f(x) - f^\\star)', '1/2‖∇ f(x)‖² ≥ μ (f(x) - f⋆)'],
    ['\\theta \\in \\mathbb{R}^P', 'θ ∈ ℝ^P'],
    ['f(x) = \\frac1m \\sum_{j=1}^m a_j', 'f(x) = 1/m ∑ⱼ₌₁ᵐ aⱼ'],
    ['\\mu_k \\asymp k^{-d}', 'μₖ ≍ k⁻ᵈ'],
    ['\\hat w = \\operatorname{arg\\,min}_w \\|w\\|', 'w = arg min_w ‖w‖'],
    ['\\mathfrak{R}_n(\\mathcal{F}) \\lesssim 1', 'Rₙ(F) \\lesssim 1'],
  ])('writes the formula %j as the text %j', (tex, text) => {
    expect(texToText(tex)).toBe(text);
  });

  it('shortens at a word boundary with an ellipsis, or at a sentence end when that keeps most of it', () => {
    expect(shorten(['one', 'two', 'three', 'four'], 12)).toBe('one two…');
    expect(shorten('A first sentence. Then more words follow here'.split(' '), 30)).toBe('A first sentence.');
  });

  it('never cuts a formula, and keeps punctuation against the word before it', () => {
    const { summary, hasMath, hasTex } = summaryOfText(
      'Gradient flow $\\dot\\theta = -\\nabla L(\\theta)$ , then a much longer tail of words',
      40,
    );
    expect(summary).toBe('Gradient flow θ = -∇ L(θ), then a much…');
    expect([hasMath, hasTex]).toEqual([true, false]);
    expect(summaryOfText('A bound $\\lesssim n$ holds.', 300)).toMatchObject({
      summary: 'A bound \\lesssim n holds.',
      hasTex: true,
    });
  });
});
