/**
 * What search says offline: without the saved index, a search finds only what earlier searches
 * fetched, and the page says so.
 */
import { MANIFEST_FILE, type OfflineManifest } from '../lib/offline-plan.ts';
import { askStatus } from '../lib/offline-protocol.ts';

let savedIndex: Promise<boolean> | undefined;

/**
 * True when this device holds every Pagefind index chunk: the site was precached whole, or the
 * reader saved it whole (src/scripts/offline-save.ts keeps the manifest it saved from).
 */
export function indexSaved(): Promise<boolean> {
  savedIndex ??= (async () => {
    const worker = navigator.serviceWorker?.controller;
    const status = worker ? await askStatus(worker) : undefined;
    if (!status) return false;
    if (status.precacheAll) return true;
    const cache = await caches.open(status.cache);
    const base = document.body.dataset.base ?? '/';
    const stored = await cache.match(new URL(base + MANIFEST_FILE, location.href));
    const manifest = (await stored?.json()) as OfflineManifest | undefined;
    if (!manifest) return false;
    const saved = new Set((await cache.keys()).map((r) => r.url));
    const chunks = manifest.files.filter(([path]) => /^pagefind[^/]*\/index\//.test(path));
    return chunks.every(([path]) => saved.has(new URL(base + path, location.href).href));
  })().catch(() => false);
  return savedIndex;
}

/**
 * Offline without the saved index, a search finds only what earlier searches fetched: say so, next
 * to the results (or instead of them when the search UI itself was never saved).
 */
export function showSearchNote(base: string, show: boolean): void {
  for (const old of document.querySelectorAll('.search-note')) old.remove();
  if (!show) return;
  const places = [...document.querySelectorAll('pagefind-results')];
  for (const place of places.length > 0 ? places : [document.querySelector('.search-page h1')]) {
    if (!place) continue;
    const note = document.createElement('p');
    note.className = 'search-note';
    note.setAttribute('role', 'status');
    const link = document.createElement('a');
    link.href = `${base}reading-offline/`;
    link.textContent = 'Save the whole site for offline';
    const online = navigator.onLine;
    note.append(online ? 'Search could not load; check your connection. Or: ' : 'Search needs the saved site — ');
    note.append(link);
    if (places.length > 0) place.before(note);
    else place.after(note);
  }
}
