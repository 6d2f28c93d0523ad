import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildAuthorIndex,
  groupByInitial,
  nameParts,
  notesCiting,
  sameGivenName,
  searchName,
  splitPeople,
} from '../../src/lib/authors.ts';
import type { Author } from '../../src/lib/bibtex.ts';
import { parseBibliography } from '../../src/lib/bibtex.ts';

const paper = (key: string, ...authors: Author[]) => ({ key, authors });
const a = (family: string, given?: string): Author => ({ family, given });

describe('sameGivenName', () => {
  it.each([
    ['Arthur', 'A.', true],
    ['Arthur', 'A', true],
    ['Jeremy M.', 'Jeremy', true],
    ['Madhu S.', 'Madhu', true],
    ['Michael I.', 'M. I.', true],
    ['Clément', 'Clement', true],
    ['Stanisław', 'Stanislaw', true],
    ['Vladimir Ya.', 'Vladimir Yakovlevich', true],
    ['Sam S.', 'Samuel S.', true],
    ['Wan-Duo Kurt', 'W.-D. K.', true],
    ['Jason D.', 'Jason K.', false],
    ['Jason', 'Jaehoon', false],
    ['Ryan J.', 'Robert', false],
    ['A.', 'B.', false],
    ['Sam', 'Samuel', false],
    ['Hong', 'Hongyi', false],
    ['Yi', 'Yiliang', false],
    ['Arthur', undefined, false],
    [undefined, undefined, true],
  ])('%s and %s: %s', (x, y, same) => {
    expect(sameGivenName(x, y)).toBe(same);
    expect(sameGivenName(y, x)).toBe(same);
  });
});

describe('splitPeople', () => {
  it.each([
    { givens: ['Arthur', 'A.'], people: [[0, 1]] },
    { givens: ['Jeremy', 'Nadav', 'Jeremy M.'], people: [[0, 2], [1]] },
    { givens: ['Jason D.', 'J.', 'Jaehoon', 'Jason'], people: [[0, 3], [1], [2]] },
    { givens: ['Yoshua', 'Samy', 'Emmanuel'], people: [[0], [1], [2]] },
    { givens: ['J. M.', 'Jeremy', 'Jeremy K.'], people: [[0], [1], [2]] },
  ])('splits $givens into $people', ({ givens, people }) => {
    expect(splitPeople(givens)).toEqual(people);
  });
});

describe('buildAuthorIndex', () => {
  const index = buildAuthorIndex([
    paper('jacot2018neural', a('Jacot', 'Arthur'), a('Gabriel', 'Franck'), a('Hongler', 'Clément')),
    paper('jacot2020implicit', a('Jacot', 'A.'), a('Hongler', 'Clement'), a('Gabriel', 'F.')),
    paper('oswald2023transformers', a('von Oswald', 'Johannes'), a("d'Ascoli", 'Stéphane'), a('Şimşek', 'Berfin')),
    paper('lee2019wide', a('Lee', 'Jaehoon'), a('Lee', 'J.')),
    paper('lee2016gradient', a('Lee', 'Jason D.'), a('Jordan', 'Michael I.')),
    paper('smith2020a', a('Smith', 'Jane')),
    paper('smith2020b', a('Smith', 'Jane'), a('OpenAI')),
  ]);
  const bySlug = new Map(index.authors.map((x) => [x.slug, x]));

  it('merges the spellings of one person under the fullest, with the others listed', () => {
    const jacot = bySlug.get('arthur-jacot');
    expect(jacot?.papers).toEqual(['jacot2018neural', 'jacot2020implicit']);
    expect(jacot?.variants).toEqual(['Jacot, A.']);
    expect(bySlug.get('clement-hongler')?.display).toBe('Clément Hongler');
    expect(bySlug.get('clement-hongler')?.variants).toEqual(['Hongler, Clement']);
  });

  it('keeps people who share a family name apart, and a bare initial that could be either', () => {
    expect([...bySlug.keys()].filter((s) => s.endsWith('-lee')).sort()).toEqual([
      'j-lee',
      'jaehoon-lee',
      'jason-d-lee',
    ]);
  });

  it('links every author of every paper to a page, in author order', () => {
    expect(index.byPaper.get('jacot2020implicit')).toEqual(['arthur-jacot', 'clement-hongler', 'franck-gabriel']);
    expect(index.byPaper.get('smith2020b')).toEqual(['jane-smith', 'openai']);
  });

  it('gives plain ASCII slugs and sorts particles by the family name', () => {
    expect(bySlug.get('berfin-simsek')?.initial).toBe('S');
    expect(bySlug.get('johannes-von-oswald')?.initial).toBe('O');
    expect(bySlug.get('stephane-dascoli')?.initial).toBe('A');
    expect(index.authors.map((x) => x.sortKey)).toEqual(
      [...index.authors.map((x) => x.sortKey)].sort((x, y) => x.localeCompare(y)),
    );
  });

  it('counts co-authors by joint papers, most first, and never the author', () => {
    expect(bySlug.get('arthur-jacot')?.coauthors).toEqual([
      { slug: 'franck-gabriel', papers: 2 },
      { slug: 'clement-hongler', papers: 2 },
    ]);
    expect(bySlug.get('jaehoon-lee')?.coauthors).toEqual([{ slug: 'j-lee', papers: 1 }]);
  });

  it('gives two authors whose names read the same two pages', () => {
    // A person "Wang, Yi" and a group written as one braced name, "{Yi Wang}".
    const twins = buildAuthorIndex([paper('x', a('Wang', 'Yi')), paper('y', a('Yi Wang'))]);
    expect(twins.authors.map((x) => [x.display, x.slug])).toEqual([
      ['Yi Wang', 'yi-wang'],
      ['Yi Wang', 'yi-wang-1'],
    ]);
  });
});

describe('groupByInitial and notesCiting', () => {
  it('groups by letter in order, other characters last', () => {
    const index = buildAuthorIndex([
      paper('p', a('Zhang', 'Yi'), a('Abbe', 'Emmanuel'), a('42 Collective'), a('Arora', 'Sanjeev')),
    ]);
    expect(groupByInitial(index.authors).map((g) => [g.initial, g.authors.map((x) => x.display)])).toEqual([
      ['A', ['Emmanuel Abbe', 'Sanjeev Arora']],
      ['Z', ['Yi Zhang']],
      ['#', ['42 Collective']],
    ]);
  });

  it('lists each citing note once, in the given order', () => {
    expect(
      notesCiting(
        [{ citedIn: [{ slug: 'b' }, { slug: 'a' }] }, { citedIn: [{ slug: 'b' }, { slug: 'c' }] }],
        ['a', 'b', 'c', 'd'],
      ),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('the real bibliography', () => {
  const { papers } = parseBibliography(readFileSync('content/references.bib', 'utf8'), 'content/references.bib');
  const index = buildAuthorIndex(papers);

  it('merges the real spellings of one person (Sam S. and Samuel S. Schoenholz; Jeremy and Jeremy M. Cohen)', () => {
    const schoenholz = index.authors.filter((x) => x.name.family === 'Schoenholz');
    expect(schoenholz.map((x) => [x.display, x.variants])).toEqual([['Samuel S. Schoenholz', ['Schoenholz, Sam S.']]]);
    expect(index.authors.filter((x) => x.name.family === 'Cohen').map((x) => x.display)).toEqual([
      'Jeremy M. Cohen',
      'Nadav Cohen',
    ]);
  });

  it('gives every author of every paper a page, with unique slugs', () => {
    expect(new Set(index.authors.map((x) => x.slug)).size).toBe(index.authors.length);
    for (const p of papers)
      expect(
        index.byPaper.get(p.key)?.every((s) => /^[a-z0-9-]+$/.test(s)),
        p.key,
      ).toBe(true);
  });
});

describe('nameParts and searchName', () => {
  it.each([
    ['Thomas M. Cover', 'Thomas Cover'],
    ['J. Zico Kolter', 'Zico Kolter'],
    ['X. Y. Han', 'Han'],
    ['Wan-Duo Kurt Ma', 'Wan-Duo Kurt Ma'],
    ['Jacot, A.; Jacot, Arthur', 'Jacot, Jacot, Arthur'],
    ['W.-D. Ma', 'Ma'],
    ['Qi Long', 'Qi Long'],
    ['OpenAI', 'OpenAI'],
  ])('indexes %j as %j', (name, indexed) => {
    expect(searchName(name)).toBe(indexed);
    expect(
      nameParts(name)
        .map((p) => p.text)
        .join(''),
    ).toBe(name);
  });
});
