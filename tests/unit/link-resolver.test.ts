import { describe, expect, it } from 'vitest';
import {
  buildLinkIndex,
  normalizeName,
  parseWikilink,
  resolveHeading,
  resolveMarkdownPath,
  resolveTarget,
  type LinkableNote,
} from '../../src/lib/link-resolver.ts';

const notes: LinkableNote[] = [
  { slug: 'ntk', title: 'Neural tangent kernel', aliases: ['NTK', 'tangent kernel'], path: 'theory/ntk.md' },
  { slug: 'gp', title: 'Gaussian processes', aliases: ['NNGP', 'tangent kernel'], path: 'gp.md' },
  { slug: 'mean-field', title: 'Mean-field limit', aliases: [], path: 'theory/limits/mean-field.md' },
  { slug: 'no-path', title: 'A note without a path', aliases: [] },
];
const { index, conflicts } = buildLinkIndex(notes);

describe('normalizeName', () => {
  it.each([
    ['Neural Tangent Kernel', 'neural tangent kernel'],
    ['  Neural \t  tangent\nkernel ', 'neural tangent kernel'],
    ['NTK', 'ntk'],
    ['Cafe\u0301', 'café'],
    ['', ''],
  ])('normalises %j to %j', (name, expected) => {
    expect(normalizeName(name)).toBe(expected);
  });
});

describe('parseWikilink', () => {
  it.each([
    ['a', { target: 'a' }],
    ['a|label', { target: 'a', label: 'label' }],
    ['a#Heading', { target: 'a', heading: 'Heading' }],
    ['a#Heading|label', { target: 'a', heading: 'Heading', label: 'label' }],
    ['#Heading', { target: '', heading: 'Heading' }],
    ['a\\|label', { target: 'a', label: 'label' }],
    ['a#Heading\\|label', { target: 'a', heading: 'Heading', label: 'label' }],
    ['a|label with | bar', { target: 'a', label: 'label with | bar' }],
    [' a  # Heading |  label ', { target: 'a', heading: 'Heading', label: 'label' }],
    ['a|', { target: 'a' }],
    ['a#', { target: 'a' }],
    ['', { target: '' }],
  ])('parses [[%s]]', (inner, expected) => {
    expect(parseWikilink(inner)).toEqual({ heading: undefined, label: undefined, ...expected });
  });
});

describe('resolveTarget', () => {
  it.each([
    ['ntk', 'ntk', 'the slug'],
    ['Neural tangent kernel', 'ntk', 'the title'],
    ['neural TANGENT kernel', 'ntk', 'the title in any case'],
    ['  Neural   tangent\tkernel ', 'ntk', 'the title with other spacing'],
    ['NTK', 'ntk', 'an alias'],
    ['Ntk', 'ntk', 'an alias in another case'],
    ['nngp', 'gp', 'an alias in lower case'],
    ['Mean field', 'mean-field', 'a name whose slug is the slug'],
    ['Mean-field limit', 'mean-field', 'a title with punctuation'],
  ])('resolves %j to %s (%s)', (target, slug) => {
    expect(resolveTarget(index, target)).toEqual({ ok: true, slug });
  });

  it('reports a name claimed by two notes as ambiguous, listing both slugs sorted', () => {
    expect(resolveTarget(index, 'Tangent  Kernel')).toEqual({
      ok: false,
      reason: 'ambiguous',
      candidates: ['gp', 'ntk'],
    });
  });

  it.each([
    ['ntx', 'NTK'],
    ['Gausian processes', 'Gaussian processes'],
    ['mean-feild', 'mean-field'],
    ['zzzzzzzzzzzz', undefined],
  ])('reports %j as not found, suggesting %j', (target, suggestion) => {
    expect(resolveTarget(index, target)).toEqual({ ok: false, reason: 'not-found', suggestion });
  });

  it('lets an exact slug win over a title or alias another note also claims', () => {
    const { index: clash } = buildLinkIndex([
      { slug: 'beta', title: 'Beta', aliases: [] },
      { slug: 'other', title: 'Other', aliases: ['beta'] },
    ]);
    expect(resolveTarget(clash, 'beta')).toEqual({ ok: true, slug: 'beta' });
  });
});

describe('buildLinkIndex', () => {
  it('reports a name claimed by two notes once, with both slugs', () => {
    expect(conflicts).toEqual([{ name: 'tangent kernel', kind: 'alias', slugs: ['ntk', 'gp'] }]);
  });

  it.each([
    [
      'two notes with one title',
      [
        { slug: 'a', title: 'Same', aliases: [] },
        { slug: 'b', title: 'same', aliases: [] },
      ],
      [{ name: 'same', kind: 'title', slugs: ['a', 'b'] }],
    ],
    [
      'a title that is another note\u2019s alias',
      [
        { slug: 'a', title: 'Kernel', aliases: [] },
        { slug: 'b', title: 'B', aliases: ['kernel'] },
      ],
      [{ name: 'kernel', kind: 'title', slugs: ['a', 'b'] }],
    ],
    [
      'an alias equal to the note\u2019s own title',
      [{ slug: 'a', title: 'Kernel', aliases: ['kernel', 'KERNEL'] }],
      [],
    ],
    [
      'an alias equal to the note\u2019s own slug',
      [{ slug: 'ntk', title: 'Neural tangent kernel', aliases: ['ntk'] }],
      [],
    ],
  ])('finds conflicts for %s', (_name, list, expected) => {
    expect(buildLinkIndex(list as LinkableNote[]).conflicts).toEqual(expected);
  });

  it('offers every slug, title and alias as a suggestion, once', () => {
    expect(index.names).toEqual([
      'ntk',
      'Neural tangent kernel',
      'NTK',
      'tangent kernel',
      'gp',
      'Gaussian processes',
      'NNGP',
      'mean-field',
      'Mean-field limit',
      'no-path',
      'A note without a path',
    ]);
  });

  it('indexes notes by path, leaving out notes without one', () => {
    expect([...index.byPath]).toEqual([
      ['theory/ntk.md', 'ntk'],
      ['gp.md', 'gp'],
      ['theory/limits/mean-field.md', 'mean-field'],
    ]);
  });
});

describe('resolveHeading', () => {
  const headings = [
    { id: 'the-kernel-regime', text: 'The kernel regime' },
    { id: 'setup', text: 'Setup' },
    { id: 'setup-1', text: 'Setup' },
    { id: 'the-r-kernel', text: 'The R kernel' },
  ];

  it.each([
    ['The kernel regime', 'the-kernel-regime', 'its text'],
    ['the KERNEL regime', 'the-kernel-regime', 'its text in another case'],
    ['the-kernel-regime', 'the-kernel-regime', 'its id'],
    ['Setup', 'setup', 'the first of two equal headings'],
    ['setup-1', 'setup-1', 'the id of the second of two equal headings'],
    ['The R kernel', 'the-r-kernel', 'the text a reader sees of a heading with math'],
  ])('finds %j (%s → #%s)', (ref, id) => {
    expect(resolveHeading(headings, ref)).toEqual({ ok: true, id });
  });

  it.each([
    ['Set up', 'Setup'],
    ['The kernel regim', 'The kernel regime'],
    ['Conclusion', undefined],
    // The rendered anchor would be #the-kernel--regime, which does not exist: suggest the real id.
    ['the KERNEL  regime', 'the-kernel-regime'],
  ])('reports %j as missing, suggesting %j', (ref, suggestion) => {
    expect(resolveHeading(headings, ref)).toEqual({ ok: false, suggestion });
  });

  it('finds nothing in a note without headings', () => {
    expect(resolveHeading([], 'Setup')).toEqual({ ok: false, suggestion: undefined });
  });
});

describe('resolveMarkdownPath', () => {
  it.each([
    ['theory/here.md', 'ntk.md', { slug: 'ntk', heading: undefined, path: 'theory/ntk.md' }],
    ['theory/here.md', './ntk.md', { slug: 'ntk', heading: undefined, path: 'theory/ntk.md' }],
    ['theory/here.md', '../gp.md', { slug: 'gp', heading: undefined, path: 'gp.md' }],
    ['theory/here.md', '../gp.md#Intro', { slug: 'gp', heading: 'Intro', path: 'gp.md' }],
    [
      'theory/here.md',
      'limits/mean-field.md#the-limit',
      { slug: 'mean-field', heading: 'the-limit', path: 'theory/limits/mean-field.md' },
    ],
    ['theory/limits/here.md', '../../theory/ntk.md', { slug: 'ntk', heading: undefined, path: 'theory/ntk.md' }],
    ['here.md', 'theory/ntk.md', { slug: 'ntk', heading: undefined, path: 'theory/ntk.md' }],
    ['here.md', '../../gp.md', { slug: 'gp', heading: undefined, path: 'gp.md' }],
    ['here.md', 'My%20Note.md#Part%20two', { slug: undefined, heading: 'Part two', path: 'My Note.md' }],
    ['here.md', 'NTK.MD', { slug: undefined, heading: undefined, path: 'NTK.MD' }],
    ['theory/here.md', 'missing.md', { slug: undefined, heading: undefined, path: 'theory/missing.md' }],
  ])('from %s resolves %s', (from, href, expected) => {
    expect(resolveMarkdownPath(index, from, href)).toEqual(expected);
  });

  it.each([
    'https://example.org/a.md',
    'mailto:a@b.md',
    '/theory/ntk.md',
    'ntk',
    'ntk.txt',
    '#setup',
    'ntk.md?x=1',
    'ntk.mdx',
  ])('leaves %j alone (not a relative link to a .md file)', (href) => {
    expect(resolveMarkdownPath(index, 'here.md', href)).toBeUndefined();
  });
});
