import { describe, expect, it } from 'vitest';
import {
  filtersActive,
  fromPagefindFilters,
  pagefindFilters,
  readSearchParams,
  searchParamsOf,
  yearsInRange,
} from '../../src/lib/search-facets.ts';
import { labelResult, partKind, shownParts } from '../../src/lib/search-labels.ts';

const TAGS = { optimization: 'Optimization', 'kernel-methods': 'Kernel methods' };
const YEARS = [1998, 2012, 2018, 2019, 2021, 2023];
const read = (query: string) => readSearchParams(new URLSearchParams(query), TAGS);

describe('the search page address', () => {
  it('reads the query, one kind, known tags and a year range', () => {
    expect(read('q=neural+tangent+kernel&kind=Paper&tag=kernel-methods&tag=optimization&from=2018&to=2022')).toEqual({
      term: 'neural tangent kernel',
      kind: 'paper',
      tags: ['kernel-methods', 'optimization'],
      from: 2018,
      to: 2022,
    });
  });

  it('leaves out what it does not know instead of failing', () => {
    expect(read('kind=poem&kind=note&tag=astrology&tag=optimization&tag=optimization&from=soon&to=')).toEqual({
      term: '',
      kind: 'note',
      tags: ['optimization'],
      from: undefined,
      to: undefined,
    });
  });

  it('writes the same address back, empty parts left out', () => {
    for (const query of ['q=kernel&kind=paper&tag=kernel-methods&from=2018&to=2022', 'q=NTK', 'kind=tag&to=2001']) {
      expect(searchParamsOf(read(query))).toBe(`?${query}`);
    }
    expect(searchParamsOf({ term: '  ', tags: [] })).toBe('');
    expect(searchParamsOf({ term: 'a b & c', tags: [] })).toBe('?q=a+b+%26+c');
  });
});

describe('Pagefind filters for a search', () => {
  it('maps kinds and tags to the values pages carry', () => {
    const filters = (query: string) => pagefindFilters(read(query), TAGS, YEARS);
    expect(filters('kind=paper&tag=kernel-methods')).toEqual({ kind: ['Paper'], tag: ['Kernel methods'] });
    expect(filters('q=x')).toEqual({});
  });

  it('turns a year range into any of the years pages have in it, either way round and open at one end', () => {
    const years = { year: { any: ['2012', '2018', '2019'] } };
    expect(pagefindFilters(read('from=2012&to=2019'), TAGS, YEARS)).toEqual(years);
    expect(pagefindFilters(read('from=2019&to=2012'), TAGS, YEARS)).toEqual(years);
    expect(yearsInRange(YEARS, 2019)).toEqual(['2019', '2021', '2023']);
    expect(yearsInRange(YEARS, undefined, 2012)).toEqual(['1998', '2012']);
  });

  it('finds nothing for a range no page falls in, rather than ignoring the range', () => {
    const filters = pagefindFilters(read('from=1700&to=1710'), TAGS, YEARS);
    expect(filters.year).toEqual({ any: [expect.any(String)] });
    const [value] = (filters.year as { any: string[] }).any;
    expect(YEARS.map(String)).not.toContain(value);
  });

  it('reads kinds and tags back from the filters Pagefind components set', () => {
    const set = { kind: ['Paper'], tag: ['Optimization', 'Unknown'], year: { any: ['2018'] } };
    expect(fromPagefindFilters(set, TAGS)).toEqual({
      kind: 'paper',
      tags: ['optimization'],
    });
    expect(fromPagefindFilters({ kind: [], tag: [] }, TAGS)).toEqual({ kind: undefined, tags: [] });
  });

  it('knows when filters narrow anything (components leave a cleared filter as [])', () => {
    expect(filtersActive({})).toBe(false);
    expect(filtersActive({ kind: [], tag: [] })).toBe(false);
    expect(filtersActive({ kind: ['Note'] })).toBe(true);
    expect(filtersActive({ year: { any: ['2018'] } })).toBe(true);
    expect(filtersActive({ year: { any: [] } })).toBe(false);
  });
});

describe('result labels', () => {
  it('names a result block by its kind and any other heading a section', () => {
    expect(partKind('Theorem 2 — PL implies a linear rate (Karimi et al., 2016)')).toBe('Theorem');
    expect(partKind('Definition 1')).toBe('Definition');
    expect(partKind('Lemma 12 — Descent')).toBe('Lemma');
    expect(partKind('Theorems of the alternative')).toBe('Section');
    expect(partKind('Theorem proving')).toBe('Section');
    expect(partKind('The kernel regime')).toBe('Section');
  });

  const sub = (url: string, matches: number) => ({
    title: url,
    url,
    excerpt: '',
    locations: [...Array(matches).keys()],
  });

  it('shows the sub-results Pagefind would: not the page itself, the most matched, in page order', () => {
    const subs = [sub('/n/', 9), sub('/n/#a', 1), sub('/n/#b', 5), sub('/n/#c', 2), sub('/n/#d', 7)];
    expect(shownParts('/n/', subs).map((s) => s.url)).toEqual(['/n/#b', '/n/#c', '/n/#d']);
    expect(shownParts('/n/', subs.slice(0, 3)).map((s) => s.url)).toEqual(['/n/#a', '/n/#b']);
    expect(shownParts('/n/', [])).toEqual([]);
  });

  it('adds labelled parts to the metadata and leaves the data it was given alone', () => {
    const data = {
      url: '/notes/x/',
      meta: { title: 'X', kind: 'Note' },
      sub_results: [
        sub('/notes/x/', 3),
        { ...sub('/notes/x/#pl-title', 2), title: 'Theorem 2 — PL' },
        { ...sub('/notes/x/#setup', 1), title: 'Setup' },
      ],
    };
    const labelled = labelResult(data);
    expect(labelled.meta.parts).toEqual([
      { kind: 'Theorem', title: 'Theorem 2 — PL', url: '/notes/x/#pl-title', excerpt: '' },
      { kind: 'Section', title: 'Setup', url: '/notes/x/#setup', excerpt: '' },
    ]);
    expect(labelled.meta.kind).toBe('Note');
    expect(data.meta).toEqual({ title: 'X', kind: 'Note' });
  });
});
