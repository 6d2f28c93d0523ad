/**
 * The service worker, bundled by src/cli/service-worker-files.ts (esbuild, then the precache list is
 * written in place of `self.__WB_MANIFEST`, as Workbox's injectManifest would). What it keeps
 * (src/lib/offline-plan.ts):
 *
 * - the shell, precached when it installs (about 0.6 MB here);
 * - every other page, figure and search file the reader fetches, in one cache per build
 *   (`<cacheId>-saved-<version>`), served from there first: within a build a saved file is exactly
 *   what the server has, so the cache never needs revalidating, and a new build brings a new worker
 *   that waits until the reader presses Reload, as before (no page is assembled from two builds);
 * - "Save the whole site" (src/scripts/offline-save.ts) fills the same cache from the page.
 *
 * When a new build takes over, saved files it did not change (same hash in its manifest) move to
 * its cache; the rest, and older caches, are deleted.
 */
import { setCacheNameDetails } from 'workbox-core';
import type { WorkboxPlugin } from 'workbox-core/types';
import { cleanupOutdatedCaches, getCacheKeyForURL, PrecacheFallbackPlugin, precacheAndRoute } from 'workbox-precaching';
import type { PrecacheEntry } from 'workbox-precaching/_types';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import {
  FALLBACK_PAGE,
  fileOfUrlPath,
  MANIFEST_FILE,
  offlineRole,
  savedOnDemand,
  type OfflineManifest,
  type OfflineTotals,
} from '../lib/offline-plan.ts';
import { SAVE_HEADER, WHOLE_SITE_KEY, type OfflineStatus } from '../lib/offline-protocol.ts';
import { worker } from './scope.ts';

/** Written in by the build (esbuild `define`). */
declare const __DLT_OFFLINE__: {
  version: string;
  cacheId: string;
  cache: string;
  base: string;
  precacheAll: boolean;
  shellBytes: number;
  total: OfflineTotals;
};
const config = __DLT_OFFLINE__;
const savedPrefix = `${config.cacheId}-saved-`;
const siteUrl = (path: string) => new URL(config.base + path, worker.location.origin).href;
const manifestKey = siteUrl(MANIFEST_FILE);
const wholeSiteKey = siteUrl(WHOLE_SITE_KEY);

setCacheNameDetails({ prefix: config.cacheId });
// `self.__WB_MANIFEST` must stay spelled this way in the bundle: the build replaces it.
precacheAndRoute((self as unknown as { __WB_MANIFEST: PrecacheEntry[] }).__WB_MANIFEST, {
  directoryIndex: 'index.html',
  // Pagefind adds ?ts=<time> to its entry file to bust HTTP caches; the precache is versioned already.
  ignoreURLParametersMatching: [/^q$/, /^sort$/, /^tag$/, /^ts$/, /^utm_/],
});
cleanupOutdatedCaches();

/** The path of a same-origin URL under the base (decoded, no query), or undefined. */
function sitePath(url: URL): string | undefined {
  if (url.origin !== worker.location.origin || !url.pathname.startsWith(config.base)) return undefined;
  return decodeURIComponent(url.pathname.slice(config.base.length));
}

/** True for URLs saved on demand (not the rest of the shell, not the worker, the zip or the feeds). */
function savable(url: URL): boolean {
  const path = sitePath(url);
  return path !== undefined && savedOnDemand(fileOfUrlPath(path));
}

/** True if the precache holds the URL (`x/` is precached as `x/index.html`). */
function precached(url: string): boolean {
  return Boolean(getCacheKeyForURL(url) || (url.endsWith('/') && getCacheKeyForURL(`${url}index.html`)));
}

/** One cache key per file: no query, no hash, `x/index.html` saved as `x/`. */
function keyOf(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  u.pathname = u.pathname.replace(/\/index\.html$/, '/');
  return u.href;
}

const shellRef = new RegExp(`${config.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_astro/[^"'\\s)?#]+`, 'g');

/**
 * True if a response may be saved under this build: a 200 that was not redirected and, for a page,
 * one whose stylesheet, scripts and fonts are this build's (a page fetched just after a new deploy,
 * before its worker took over, is shown but not saved: offline it would have no styles).
 */
async function fromThisBuild(response: Response): Promise<boolean> {
  if (response.status !== 200 || response.redirected) return false;
  if (!(response.headers.get('content-type') ?? '').includes('text/html')) return true;
  const html = await response.clone().text();
  for (const [ref] of html.matchAll(shellRef)) {
    const url = new URL(ref, worker.location.origin);
    if (offlineRole(fileOfUrlPath(sitePath(url) ?? '')) === 'shell' && !getCacheKeyForURL(url.href)) return false;
  }
  return true;
}

const savedOnly: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request }) => keyOf(request.url),
  cacheWillUpdate: async ({ response }) => ((await fromThisBuild(response)) ? response : null),
};
const fallback = new PrecacheFallbackPlugin({ fallbackURL: config.base + FALLBACK_PAGE });
const matchOptions = { ignoreSearch: true, ignoreVary: true };

// An address without its trailing slash (`/notes/x`) redirects to the page (`/notes/x/`), as static
// hosts do online; offline there is no server to do it and the caches have only `x/`.
registerRoute(
  ({ request, url }) =>
    request.mode === 'navigate' && !url.pathname.endsWith('/') && !/\.[a-z0-9]+$/i.test(url.pathname),
  async ({ url }) => Response.redirect(new URL(`${url.pathname}/${url.search}${url.hash}`, url.href).href, 301),
);
// Pages: this build's saved copy, else the network (and saved), else the offline page.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && savable(url),
  new CacheFirst({ cacheName: config.cache, matchOptions, plugins: [savedOnly, fallback] }),
);
// Any other page (outside the saved files): the network, else the offline page.
registerRoute(({ request }) => request.mode === 'navigate', new NetworkOnly({ plugins: [fallback] }));
// Figures, search files and the rest, unless the page is saving them itself (it checks their hashes).
registerRoute(
  ({ request, url }) => request.method === 'GET' && !request.headers.has(SAVE_HEADER) && savable(url),
  new CacheFirst({ cacheName: config.cache, matchOptions, plugins: [savedOnly] }),
);

worker.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  // A new build waits until the reader accepts it (the page shows "a newer version is available").
  if (data?.type === 'SKIP_WAITING') void worker.skipWaiting();
  if (data?.type === 'DLT_STATUS') event.waitUntil(status().then((s) => event.ports[0]?.postMessage(s)));
});

/** What is saved under this build, counted from its cache. */
async function status(): Promise<OfflineStatus> {
  const saved = { files: 0, pages: 0 };
  let wholeWanted = false;
  for (const request of await (await caches.open(config.cache)).keys()) {
    if (request.url === wholeSiteKey) wholeWanted = true;
    const path = sitePath(new URL(request.url));
    if (path === undefined || !savedOnDemand(fileOfUrlPath(path))) continue;
    saved.files++;
    if (fileOfUrlPath(path).endsWith('.html')) saved.pages++;
  }
  const { version, cache, precacheAll, shellBytes, total } = config;
  return { version, cache, precacheAll, shellBytes, total, saved, wholeWanted };
}

/** Saved-file caches of older builds. */
async function olderCaches(): Promise<string[]> {
  return (await caches.keys()).filter((name) => name.startsWith(savedPrefix) && name !== config.cache);
}

worker.addEventListener('install', (event) => event.waitUntil(fetchManifestIfUpdating()));

/**
 * An update for a reader who saved files: fetch this build's manifest now, while online, so that
 * activation can tell which saved files are unchanged. A first visit skips it (it saves nothing).
 */
async function fetchManifestIfUpdating(): Promise<void> {
  if ((await olderCaches()).length === 0) return;
  try {
    const response = await fetch(manifestKey, { cache: 'no-cache' });
    const manifest = response.ok ? ((await response.clone().json()) as OfflineManifest) : undefined;
    if (manifest?.version === config.version) await (await caches.open(config.cache)).put(manifestKey, response);
  } catch {
    // Offline or a newer deploy on the server: older saved files are dropped at activation.
  }
}

worker.addEventListener('activate', (event) => event.waitUntil(activate()));

/** Moves unchanged saved files over, saves the pages read before this worker took control, then takes control. */
async function activate(): Promise<void> {
  await carryOver();
  await saveOpenPages();
  // Claimed last: the first page a reader opened is saved before it is controlled (controllerchange).
  await worker.clients.claim();
}

async function sha256(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Copies the files of older builds' caches that this build did not change, then deletes those caches. */
async function carryOver(): Promise<void> {
  const older = await olderCaches();
  if (older.length === 0) return;
  const target = await caches.open(config.cache);
  const manifest = (await (await target.match(manifestKey))?.json()) as OfflineManifest | undefined;
  const expected = new Map(manifest?.files.map(([path, , hash]) => [siteUrl(path), hash]));
  for (const name of older) {
    const cache = await caches.open(name);
    const requests = await cache.keys();
    // A few at a time: each one is read, hashed and written (25 MB took about 2 s in Chromium).
    for (let i = 0; i < requests.length; i += 8) {
      await Promise.all(requests.slice(i, i + 8).map((r) => keepIfUnchanged(cache, target, r.url, expected)));
    }
    await caches.delete(name);
  }
}

async function keepIfUnchanged(from: Cache, to: Cache, url: string, expected: Map<string, string>): Promise<void> {
  if (url === wholeSiteKey) return to.put(url, new Response(''));
  const hash = expected.get(url);
  const response = hash ? await from.match(url) : undefined;
  if (!hash || !response) return;
  const body = await response.arrayBuffer();
  if ((await sha256(body)).startsWith(hash)) await to.put(url, new Response(body, { headers: response.headers }));
}

/** The pages open in windows (the first one a reader opened loaded before this worker existed). */
async function saveOpenPages(): Promise<void> {
  const cache = await caches.open(config.cache);
  const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
  await Promise.all(
    windows.map(async ({ url }) => {
      const key = keyOf(url);
      if (!savable(new URL(key)) || precached(key) || (await cache.match(key))) return;
      try {
        const response = await fetch(key, { credentials: 'same-origin' });
        if (await fromThisBuild(response)) await cache.put(key, response);
      } catch {
        // Offline: the page is saved the next time it is read online.
      }
    }),
  );
}
