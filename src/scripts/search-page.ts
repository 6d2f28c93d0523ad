/**
 * The search page: the query and the filters live in the address (src/lib/search-facets.ts), so a
 * filtered search can be bookmarked, shared and reloaded. A link's filters are applied on load;
 * every change (typing, a filter, the year range, "Clear filters") rewrites the address in place
 * (history.replaceState: a search is not a page to go back to, keystroke by keystroke).
 */
import { loadPagefindUi, useResultTemplate } from './search.ts';
import {
  fromPagefindFilters,
  hasFilters,
  pagefindFilters,
  readSearchParams,
  searchParamsOf,
  type SearchState,
} from '../lib/search-facets.ts';

/** A year select's value as a number, or undefined for "any". */
function yearOf(select: HTMLSelectElement | null): number | undefined {
  return select && /^\d+$/.test(select.value) ? Number(select.value) : undefined;
}

/** Shows a year in a select, adding it when no page has it (a link may ask for any year). */
function showYear(select: HTMLSelectElement | null, year: number | undefined): void {
  if (!select) return;
  const value = year === undefined ? '' : String(year);
  if (value && ![...select.options].some((o) => o.value === value)) {
    const after = [...select.options].find((o) => /^\d+$/.test(o.value) && Number(o.value) > Number(value));
    select.add(new Option(value, value), after ?? null);
  }
  select.value = value;
}

export async function initSearchPage(base: string): Promise<void> {
  const bar = document.querySelector<HTMLElement>('.search-filters');
  const tagTitles = JSON.parse(bar?.dataset.tags ?? '{}') as Record<string, string>;
  const years = JSON.parse(bar?.dataset.years ?? '[]') as number[];
  const from = bar?.querySelector<HTMLSelectElement>('select[name="from"]') ?? null;
  const to = bar?.querySelector<HTMLSelectElement>('select[name="to"]') ?? null;
  const asked = readSearchParams(new URLSearchParams(location.search), tagTitles);
  showYear(from, asked.from);
  showYear(to, asked.to);
  for (const results of document.querySelectorAll('.search-page pagefind-results')) useResultTemplate(results);
  const instance = await loadPagefindUi(base);
  if (!instance) return;
  // The filters work through Pagefind's scripts (and are styled by the sheet loaded with them): shown
  // once those have loaded, never without JavaScript.
  if (bar) bar.hidden = false;

  instance.on('search', (term, filters) => {
    // "Clear filters" and anything else that drops the year filter resets the range too.
    if (!filters.year) {
      showYear(from, undefined);
      showYear(to, undefined);
    }
    const state: SearchState = { term, ...fromPagefindFilters(filters, tagTitles), from: yearOf(from), to: yearOf(to) };
    history.replaceState(history.state, '', `${location.pathname}${searchParamsOf(state)}${location.hash}`);
  });

  const onYear = () => {
    const others = { ...instance.searchFilters };
    delete others.year;
    const range = pagefindFilters({ term: '', tags: [], from: yearOf(from), to: yearOf(to) }, tagTitles, years).year;
    instance.triggerFilters(range ? { ...others, year: range } : others);
  };
  from?.addEventListener('change', onYear);
  to?.addEventListener('change', onYear);

  if (asked.term || hasFilters(asked)) {
    instance.triggerSearchWithFilters(asked.term, pagefindFilters(asked, tagTitles, years));
  }
}
