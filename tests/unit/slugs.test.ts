import { describe, expect, it } from 'vitest';
import {
  authorUrl,
  foldLatin,
  headingSlug,
  isKebabCase,
  normalizeBase,
  noteSlugFromPath,
  noteUrl,
  paperSlug,
  paperUrl,
  tagUrl,
  withBase,
} from '../../src/lib/slugs.ts';

describe('paperSlug', () => {
  it.each([
    ['jacot2018neural', 'jacot2018neural'],
    ['DBLP:conf/nips/JacotHG18', 'DBLP-conf-nips-JacotHG18'],
    ['smith.2020+x', 'smith-2020-x'],
    ['müller2019', 'muller2019'],
    ['..', ''],
    ['a/../b', 'a-b'],
  ])('gives the key %s the page folder %s (plain letters, digits, _ and -)', (key, slug) => {
    expect(paperSlug(key)).toBe(slug);
  });
});

describe('noteSlugFromPath', () => {
  it('gives a name of emoji only an empty slug, which the checker reports', () => {
    expect(noteSlugFromPath('🚀.md')).toBe('');
  });

  it.each([
    ['ntk.md', 'ntk'],
    ['theory/NTK.md', 'ntk'],
    ['theory/deep/Neural Tangent Kernel.md', 'neural-tangent-kernel'],
    ['theory\\windows-path.md', 'windows-path'],
    ['UPPER.MD', 'upper'],
    ['café.md', 'café'],
    ['a.b.md', 'ab'],
  ])('gives %s the slug %s (file name only, slugified)', (path, slug) => {
    expect(noteSlugFromPath(path)).toBe(slug);
  });

  it('gives the same file name in two folders the same slug', () => {
    expect(noteSlugFromPath('theory/ntk.md')).toBe(noteSlugFromPath('empirical/ntk.md'));
  });
});

describe('headingSlug', () => {
  it.each([
    ['Intro', 'intro'],
    ['The kernel regime', 'the-kernel-regime'],
    ['Why? Because!', 'why-because'],
    ['C++ & Rust', 'c--rust'],
    ['Café au lait', 'café-au-lait'],
    ['The $\\R$ kernel', 'the-r-kernel'],
  ])('slugs the heading %j as rehype-slug does: %s', (text, id) => {
    expect(headingSlug(text)).toBe(id);
  });

  it('does not number repeated headings (each call is independent)', () => {
    expect([headingSlug('Setup'), headingSlug('Setup')]).toEqual(['setup', 'setup']);
  });
});

describe('isKebabCase', () => {
  it.each([
    ['implicit-bias', true],
    ['ntk', true],
    ['l2-norm', true],
    ['Implicit-bias', false],
    ['implicit_bias', false],
    ['implicit--bias', false],
    ['-bias', false],
    ['bias-', false],
    ['implicit bias', false],
    ['', false],
  ])('says %j is kebab-case: %s', (value, expected) => {
    expect(isKebabCase(value)).toBe(expected);
  });
});

describe('normalizeBase', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['dl-theory', '/dl-theory/'],
    ['/dl-theory', '/dl-theory/'],
    ['//dl-theory//', '/dl-theory/'],
    ['a/b', '/a/b/'],
  ])('normalises the base %j to %s', (base, expected) => {
    expect(normalizeBase(base)).toBe(expected);
  });
});

describe('URLs', () => {
  it.each([
    [withBase('/dl/', '/notes/x/'), '/dl/notes/x/'],
    [withBase('dl', 'notes/x/'), '/dl/notes/x/'],
    [withBase('/', 'search/'), '/search/'],
    [noteUrl('/', 'ntk'), '/notes/ntk/'],
    [noteUrl('/dl/', 'ntk', 'setup'), '/dl/notes/ntk/#setup'],
    [paperUrl('/', 'jacot2018neural'), '/papers/jacot2018neural/'],
    [paperUrl('/dl/', 'key:with/slash'), '/dl/papers/key-with-slash/'],
    [tagUrl('dl', 'implicit-bias'), '/dl/tags/implicit-bias/'],
  ])('builds %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([noteUrl('/x', 'a'), paperUrl('x', 'k'), tagUrl('', 't')])(
    'returns a directory URL ending in / (%s)',
    (url) => {
      expect(url.endsWith('/')).toBe(true);
    },
  );
});

describe('foldLatin and authorUrl', () => {
  it.each([
    ['Clément Hongler', 'Clement Hongler'],
    ['Stanisław Jastrzębski', 'Stanislaw Jastrzebski'],
    ['Łojasiewicz', 'Lojasiewicz'],
    ['Şimşek Øksendal Straße Æsop', 'Simsek Oksendal Strasse AEsop'],
    ['Ekin Akyürek', 'Ekin Akyurek'],
  ])('writes %j without accents as %j', (name, folded) => {
    expect(foldLatin(name)).toBe(folded);
  });

  it('puts author pages under authors/, with the base', () => {
    expect(authorUrl('/dl-theory/', 'arthur-jacot')).toBe('/dl-theory/authors/arthur-jacot/');
  });
});
