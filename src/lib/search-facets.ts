/**
 * What search can narrow by, and how the search page's address says it. Every indexed page carries
 * Pagefind filters (`kind`, `tag`, `year`) and metadata for its label (src/components/SearchFacets.astro);
 * the search page keeps the query and the filters in its address,
 * `/search/?q=…&kind=paper&tag=…&from=2018&to=2022`, so a filtered search can be bookmarked and shared.
 */

/** The kinds of page search finds: the key is what the address says, the value what the reader sees. */
export const PAGE_KINDS = { note: 'Note', paper: 'Paper', tag: 'Tag', author: 'Author', index: 'Index' } as const;
export type PageKind = keyof typeof PAGE_KINDS;

/** What the reader has asked for: the query and the filters, as the address holds them. */
export interface SearchState {
  term: string;
  /** One page kind (a page has one, and Pagefind's filters match all the values given). */
  kind?: PageKind;
  /** Tag ids (`optimization`), not titles, as in the site's other addresses. A page must have them all. */
  tags: string[];
  /** First and last year of publication (papers carry a year); either may be open. */
  from?: number;
  to?: number;
}

/** Pagefind's filter option: an array means all values (AND), `any` one of them (OR). */
export interface PagefindFilters {
  [name: string]: string[] | { any: string[] };
}

function isKind(key: string): key is PageKind {
  return Object.hasOwn(PAGE_KINDS, key);
}

function year(value: string | null): number | undefined {
  return value !== null && /^\d{1,4}$/.test(value.trim()) ? Number(value) : undefined;
}

/** Reads the search page's address. Unknown kinds and tags are left out rather than failing the search. */
export function readSearchParams(params: URLSearchParams, tagTitles: Readonly<Record<string, string>>): SearchState {
  const kind = params
    .getAll('kind')
    .map((k) => k.trim().toLowerCase())
    .find(isKind);
  const tags = params
    .getAll('tag')
    .map((t) => t.trim())
    .filter((t) => Object.hasOwn(tagTitles, t));
  return {
    term: params.get('q') ?? '',
    kind,
    tags: [...new Set(tags)],
    from: year(params.get('from')),
    to: year(params.get('to')),
  };
}

/** The address's query string for a state (`?q=…&kind=paper`), empty parts left out. */
export function searchParamsOf(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.term.trim()) params.set('q', state.term);
  if (state.kind) params.set('kind', state.kind);
  for (const t of state.tags) params.append('tag', t);
  if (state.from !== undefined) params.set('from', String(state.from));
  if (state.to !== undefined) params.set('to', String(state.to));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The years of a from/to range that some page has, as Pagefind filter values. A range given the
 * wrong way round (from 2022 to 2018) is read the right way round.
 */
export function yearsInRange(years: readonly number[], from?: number, to?: number): string[] {
  const lo = Math.min(from ?? -Infinity, to ?? Infinity);
  const hi = Math.max(from ?? -Infinity, to ?? Infinity);
  return years.filter((y) => y >= lo && y <= hi).map(String);
}

/** A year value no page has (see pagefindFilters). */
const NO_YEAR = 'none';

/**
 * Pagefind's filters for a state. Kind and tag values are what the pages carry (titles, "Paper");
 * a year range matches a page with any year inside it. A range no page falls in keeps a year that
 * no page has, so the search finds nothing instead of ignoring the range.
 */
export function pagefindFilters(
  state: SearchState,
  tagTitles: Readonly<Record<string, string>>,
  years: readonly number[],
): PagefindFilters {
  const filters: PagefindFilters = {};
  if (state.kind) filters.kind = [PAGE_KINDS[state.kind]];
  if (state.tags.length > 0) filters.tag = state.tags.map((t) => tagTitles[t] ?? t);
  if (state.from !== undefined || state.to !== undefined) {
    const inRange = yearsInRange(years, state.from, state.to);
    filters.year = { any: inRange.length > 0 ? inRange : [NO_YEAR] };
  }
  return filters;
}

/**
 * The kinds and tags of a state from Pagefind's filters as its filter components set them (values
 * back to keys and ids). Years are not read back: the range is what the reader chose, kept by the page.
 */
export function fromPagefindFilters(
  filters: Readonly<Record<string, unknown>>,
  tagTitles: Readonly<Record<string, string>>,
): Pick<SearchState, 'kind' | 'tags'> {
  const values = (name: string): string[] => {
    const v = filters[name];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  };
  const kindKeys = new Map<string, PageKind>();
  for (const [key, label] of Object.entries(PAGE_KINDS)) kindKeys.set(label, key as PageKind);
  const tagIds = new Map(Object.entries(tagTitles).map(([id, title]) => [title, id]));
  return {
    kind: values('kind')
      .map((v) => kindKeys.get(v))
      .find((k) => k !== undefined),
    tags: values('tag')
      .map((v) => tagIds.get(v))
      .filter((t): t is string => t !== undefined),
  };
}

/** True when a state narrows the search by anything besides its query. */
export function hasFilters(state: Pick<SearchState, 'kind' | 'tags' | 'from' | 'to'>): boolean {
  return state.kind !== undefined || state.tags.length > 0 || state.from !== undefined || state.to !== undefined;
}

/** True when Pagefind's filters narrow anything (its components leave an emptied filter as []). */
export function filtersActive(filters: Readonly<Record<string, unknown>> | undefined): boolean {
  return Object.values(filters ?? {}).some((v) => {
    if (Array.isArray(v)) return v.length > 0;
    return typeof v === 'object' && v !== null && filtersActive(v as Record<string, unknown>);
  });
}
