/**
 * Opens Pagefind's Component UI in a modal. The UI's script and stylesheet come from the Pagefind
 * bundle built next to the site, and load only the first time a reader searches.
 */
// The labels' and filters' styles, fetched with Pagefind's own the first time search opens (an import
// of the file itself would make Astro link it from every page).
import searchCss from '../styles/search.css?url';
import { queryTerms } from '../lib/math-text.ts';
import { SEARCH_RANKING } from '../lib/search-config.ts';
import { fold, markedWords, refineOrder, type KnownName, type MatchedResult } from '../lib/search-refine.ts';
import { labelResult, RESULT_TEMPLATE, type SubResultData } from '../lib/search-labels.ts';
import { explainEmpty, loadNames } from './search-empty.ts';
import { indexSaved, showSearchNote } from './search-offline.ts';

interface PagefindModalElement extends HTMLElement {
  open(): void;
}
/** The parts of Pagefind's search API and Component UI this script uses. */
interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  sub_results?: SubResultData[];
}
export interface PagefindSearch {
  results: { id: string; data(): Promise<ResultData> }[];
}
/** Pagefind's filters as the Component UI keeps them (src/lib/search-facets.ts builds them). */
type Filters = Record<string, unknown>;
type SearchFn = (term: string | null, options?: unknown) => Promise<PagefindSearch | null>;
export interface PagefindInstance {
  searchTerm: string;
  searchFilters: Filters;
  on(event: 'results', callback: (search: PagefindSearch) => void): void;
  on(event: 'search', callback: (term: string, filters: Filters) => void): void;
  triggerSearch(term: string): void;
  triggerSearchWithFilters(term: string, filters: Filters): void;
  triggerFilters(filters: Filters): void;
  triggerLoad(): Promise<void>;
  /** The loaded Pagefind API (Component UI internals: checked, and left alone if absent). */
  __pagefind__?: { search: SearchFn };
}
interface PagefindWindow {
  PagefindComponents?: {
    configureInstance(name: string, options: Record<string, unknown>): unknown;
    getInstanceManager(): { getInstance(name: string): PagefindInstance };
  };
}

/** How many top results are checked against what they matched (their data is loaded to show them anyway). */
const CHECKED = 8;

/** Searches, then drops unrelated matches and puts exact names first (src/lib/search-refine.ts). */
async function refinedSearch(search: SearchFn, term: string, options: unknown): Promise<PagefindSearch | null> {
  const found = await search(term, options);
  if (!found) return found;
  const checked = found.results.slice(0, CHECKED);
  const data = await Promise.all(checked.map((r) => r.data()));
  const matched: MatchedResult[] = data.map((d) => ({
    marked: [d.excerpt, ...(d.sub_results ?? []).map((s) => s.excerpt)].flatMap(markedWords),
    title: d.meta.title ?? '',
    aliases: (d.meta.aliases ?? '')
      .replace(/^Also known as:\s*/, '')
      .split(/\s*,\s*/)
      .filter(Boolean),
    math: (d.meta.math ?? '').split(' ').filter(Boolean),
  }));
  const order = refineOrder(matched, term, queryTerms(term));
  return {
    ...found,
    results: order.length === 0 ? [] : [...order.map((i) => checked[i]), ...found.results.slice(CHECKED)],
  };
}

/**
 * Wraps Pagefind's search: the query as typed first; if nothing meaningful matches, the query with
 * symbols and TeX as words ("∇f" → "nabla", "kernel vs rich regime" → "kernel rich regime").
 */
export function refiningSearch(search: SearchFn, names: Promise<KnownName[]>): SearchFn {
  return async (typed, options) => {
    if (!typed || !typed.trim()) return search(typed, options);
    // "vs" joins two things to compare; TeX is searched by its symbols' names.
    const term = /\\[a-zA-Z|]/.test(typed)
      ? queryTerms(typed).join(' ')
      : typed.replace(/\s+(?:vs\.?|versus)\s+/gi, ' ');
    let found = await refinedSearch(search, term, options);
    const rewritten = queryTerms(term).join(' ');
    if (found && found.results.length === 0 && fold(rewritten) !== fold(term))
      found = (await refinedSearch(search, rewritten, options)) ?? found;
    return found && pinExactName(search, found, typed, await names, options);
  };
}

/**
 * A note one of whose names (title or alias) is exactly the query comes first, even if Pagefind
 * ranked it low; searched with the same filters, so a pinned note never slips past them.
 */
async function pinExactName(
  search: SearchFn,
  found: PagefindSearch,
  typed: string,
  names: KnownName[],
  options: unknown,
): Promise<PagefindSearch> {
  const exact = names.find(([name]) => fold(name) === fold(typed));
  if (!exact) return found;
  const [, title, url] = exact;
  const byTitle = await search(title, options);
  const candidates = byTitle?.results.slice(0, 5) ?? [];
  const data = await Promise.all(candidates.map((r) => r.data()));
  const hit = candidates[data.findIndex((d) => d.url === url)];
  if (!hit) return found;
  return { ...found, results: [hit, ...found.results.filter((r) => r.id !== hit.id)] };
}

/** Adds each result's labelled parts (src/lib/search-labels.ts) to the data the result template reads. */
function labellingSearch(search: SearchFn): SearchFn {
  return async (term, options) => {
    const found = await search(term, options);
    if (!found) return found;
    return { ...found, results: found.results.map((r) => ({ ...r, data: async () => labelResult(await r.data()) })) };
  };
}

let ready: Promise<PagefindInstance | undefined> | undefined;

/**
 * Loads the Component UI once and points it at this site's bundle (base-path aware). Resolves
 * undefined, with a note on the page, when it cannot load (offline before the reader ever searched
 * online).
 */
export function loadPagefindUi(base: string): Promise<PagefindInstance | undefined> {
  ready ??= loadUi(base).catch(() => {
    ready = undefined;
    showSearchNote(base, true);
    return undefined;
  });
  return ready;
}

async function loadUi(base: string): Promise<PagefindInstance | undefined> {
  for (const href of [`${base}pagefind/pagefind-component-ui.css`, searchCss]) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = href;
    document.head.append(css);
  }
  // Large sites are indexed in several bundles (see src/cli/pagefind-index.ts); merge them all.
  const noBundles = { merge: [] as string[] };
  const [bundles] = await Promise.all([
    fetch(`${base}pagefind/bundles.json`)
      .then((r) => (r.ok ? (r.json() as Promise<{ merge: string[] }>) : noBundles))
      .catch(() => noBundles),
    import(/* @vite-ignore */ `${base}pagefind/pagefind-component-ui.js`),
  ]);
  const components = (window as unknown as PagefindWindow).PagefindComponents;
  components?.configureInstance('default', {
    bundlePath: `${base}pagefind/`,
    baseUrl: base,
    ranking: SEARCH_RANKING,
    mergeIndex: bundles.merge.map((path) => ({ bundlePath: `${base}${path}`, baseUrl: base })),
  });
  document.addEventListener('keydown', openFirstOnEnter);
  const instance = components?.getInstanceManager().getInstance('default');
  await instance?.triggerLoad();
  instance?.on('results', (search) => {
    void explainEmpty(base, instance, search);
    void indexSaved().then((saved) => showSearchNote(base, !navigator.onLine && !saved));
  });
  const api = instance?.__pagefind__;
  if (api) api.search = labellingSearch(refiningSearch(api.search.bind(api), loadNames(base)));
  else console.warn('Pagefind Component UI changed: search refinement and result labels are off');
  return instance;
}

/** Enter in the search box opens the first result (arrow keys select others; the UI handles those). */
function openFirstOnEnter(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || event.defaultPrevented || event.isComposing) return;
  const input = event.composedPath()[0];
  if (!(input instanceof HTMLInputElement) || !input.closest('pagefind-modal, pagefind-input, pagefind-searchbox'))
    return;
  const scope = input.closest('pagefind-modal') ?? document;
  if (scope.querySelector('[data-pf-selected]')) return;
  const first = scope.querySelector<HTMLAnchorElement>('a.pf-result-link');
  if (!first) return;
  event.preventDefault();
  first.click();
}

/**
 * Gives a results list the site's result template (src/lib/search-labels.ts). Pagefind reads it
 * when the element starts, so this runs before the Component UI is loaded. Added from here rather
 * than written into the page: its placeholders would read as links in the page's HTML.
 */
export function useResultTemplate(results: Element): void {
  if (results.querySelector('script[type="text/pagefind-template"]')) return;
  const template = document.createElement('script');
  template.type = 'text/pagefind-template';
  template.textContent = RESULT_TEMPLATE;
  results.append(template);
}

/**
 * The dialog's parts as Pagefind builds them when it is given none, with the site's result template
 * in its results (the dialog keeps the children it is created with).
 */
function modalParts(): HTMLElement[] {
  const el = (tag: string, ...children: HTMLElement[]) => {
    const e = document.createElement(tag);
    e.append(...children);
    return e;
  };
  const results = el('pagefind-results');
  useResultTemplate(results);
  return [
    el('pagefind-modal-header', el('pagefind-input')),
    el('pagefind-modal-body', el('pagefind-summary'), results),
    el('pagefind-modal-footer', el('pagefind-keyboard-hints')),
  ];
}

/** Opens the search dialog, creating it on first use; else the search page, which explains why not. */
export async function openSearchModal(base: string): Promise<void> {
  if (!(await loadPagefindUi(base))) {
    if (!document.querySelector('.search-page')) location.assign(`${base}search/`);
    return;
  }
  let modal = document.querySelector<PagefindModalElement>('pagefind-modal');
  if (!modal) {
    modal = document.createElement('pagefind-modal') as PagefindModalElement;
    modal.setAttribute('reset-on-close', '');
    modal.append(...modalParts());
    document.body.append(modal);
    await customElements.whenDefined('pagefind-modal');
  }
  modal.open();
}
