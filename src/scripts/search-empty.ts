/**
 * What search says when it finds nothing: that the filters are why, or the names nearest to what
 * was typed ("Did you mean").
 */
import { distance } from 'fastest-levenshtein';
import { filtersActive } from '../lib/search-facets.ts';
import { fold, nearestNames, type KnownName } from '../lib/search-refine.ts';
import type { PagefindInstance, PagefindSearch } from './search.ts';

let knownNames: Promise<KnownName[]> | undefined;

/** Every note's title and aliases and every tag (src/pages/search-names.json.ts), loaded once. */
export function loadNames(base: string): Promise<KnownName[]> {
  knownNames ??= fetch(`${base}search-names.json`).then(
    (r) => (r.ok ? (r.json() as Promise<KnownName[]>) : []),
    () => [],
  );
  return knownNames;
}

/** Counts the searches explained, so an answer that arrives after a newer search is dropped. */
let explained = 0;

/**
 * Under an empty result list: when filters are on, that they are why (with how many results the
 * query has without them, and a button that clears them); and the titles and aliases nearest to
 * what was typed, as links, when the query itself finds nothing.
 */
export async function explainEmpty(base: string, instance: PagefindInstance, search: PagefindSearch): Promise<void> {
  const turn = ++explained;
  const term = search.results.length === 0 ? instance.searchTerm.trim() : '';
  const filtered = term !== '' && filtersActive(instance.searchFilters);
  const unfiltered = filtered ? ((await instance.__pagefind__?.search(term))?.results.length ?? 0) : 0;
  const near = term && unfiltered === 0 ? nearestNames(term, await loadNames(base), 5, distance) : [];
  if (turn !== explained) return;
  for (const list of document.querySelectorAll('pagefind-results')) {
    const stale = () => list.nextElementSibling?.matches('.search-suggestions, .search-filtered');
    while (stale()) list.nextElementSibling?.remove();
    const boxes = [];
    if (filtered) boxes.push(filteredBox(instance, term, unfiltered));
    if (near.length > 0) boxes.push(suggestionBox(near));
    list.after(...boxes);
  }
}

/** "Nothing matches … with these filters", and a button that clears them. */
function filteredBox(instance: PagefindInstance, term: string, unfiltered: number): HTMLElement {
  const box = document.createElement('div');
  box.className = 'search-filtered';
  box.setAttribute('role', 'status');
  const p = document.createElement('p');
  const without = unfiltered === 0 ? 'nor without them' : `${unfiltered} without them`;
  p.textContent = `No results for “${term}” with these filters (${without}).`;
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.className = 'search-clear-filters';
  clear.textContent = 'Clear filters';
  clear.addEventListener('click', () => instance.triggerFilters({}));
  box.append(p, clear);
  return box;
}

/** "Did you mean": the nearest names, as links. */
function suggestionBox(near: KnownName[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'search-suggestions';
  const lead = document.createElement('p');
  lead.textContent = 'Did you mean';
  const ul = document.createElement('ul');
  for (const [name, title, url] of near) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = url;
    a.textContent = name;
    li.append(a);
    if (fold(title) !== fold(name)) li.append(` (${title})`);
    ul.append(li);
  }
  box.append(lead, ul);
  return box;
}
