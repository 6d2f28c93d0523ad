/**
 * Opens Pagefind's Component UI in a modal. The UI's script and stylesheet come from the Pagefind
 * bundle built next to the site, and load only the first time a reader searches.
 */
import { SEARCH_RANKING } from '../lib/search-config.ts';

interface PagefindModalElement extends HTMLElement {
  open(): void;
}
interface PagefindWindow {
  PagefindComponents?: {
    configureInstance(name: string, options: Record<string, unknown>): unknown;
    getInstanceManager(): { getInstance(name: string): { triggerSearch(term: string): void } };
  };
}

let ready: Promise<void> | undefined;

/** Loads the Component UI once and points it at this site's bundle (base-path aware). */
export function loadPagefindUi(base: string): Promise<void> {
  ready ??= (async () => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = `${base}pagefind/pagefind-component-ui.css`;
    document.head.append(css);
    // Large sites are indexed in several bundles (see src/cli/pagefind-index.ts); merge them all.
    const [bundles] = await Promise.all([
      fetch(`${base}pagefind/bundles.json`).then((r) => (r.ok ? (r.json() as Promise<{ merge: string[] }>) : { merge: [] })).catch(() => ({ merge: [] as string[] })),
      import(/* @vite-ignore */ `${base}pagefind/pagefind-component-ui.js`),
    ]);
    (window as unknown as PagefindWindow).PagefindComponents?.configureInstance('default', {
      bundlePath: `${base}pagefind/`,
      baseUrl: base,
      ranking: SEARCH_RANKING,
      mergeIndex: bundles.merge.map((path) => ({ bundlePath: `${base}${path}`, baseUrl: base })),
    });
  })();
  return ready;
}

/** Opens the search dialog, creating it on first use. */
export async function openSearchModal(base: string): Promise<void> {
  await loadPagefindUi(base);
  let modal = document.querySelector<PagefindModalElement>('pagefind-modal');
  if (!modal) {
    modal = document.createElement('pagefind-modal') as PagefindModalElement;
    modal.setAttribute('reset-on-close', '');
    document.body.append(modal);
    await customElements.whenDefined('pagefind-modal');
  }
  modal.open();
}

/** Runs a search in the default instance (the search page's deep link `?q=`). */
export async function runSearch(base: string, term: string): Promise<void> {
  await loadPagefindUi(base);
  (window as unknown as PagefindWindow).PagefindComponents?.getInstanceManager().getInstance('default').triggerSearch(term);
}
