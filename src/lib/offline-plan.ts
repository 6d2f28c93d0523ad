/**
 * Which built files a reader gets offline, and when (issue 13: offline without the silent bulk
 * download). Used by the build (src/cli/offline-files.ts) and by the service worker (src/sw/), so
 * both sort files the same way.
 *
 * - The shell is precached on the first visit: the stylesheet, the scripts, the woff2 fonts, the
 *   icons, and four pages (home, search, the offline fallback and the "Reading offline" page), each
 *   if it weighs at most 256 KB. About 0.6 MB for this site, and under 0.9 MB at any number of notes.
 * - Everything else a reader may need offline (every page, figures, the Pagefind runtime, index and
 *   fragments, search names) is saved on demand: a page when it is read, search files when a search
 *   fetches them, and all of it when the reader presses "Save the whole site for offline".
 * - A site whose shell and saved files together weigh at most DLT_PRECACHE_ALL_MB (10 MB by default)
 *   is precached whole, as before: that costs a small site little and saves its readers a click.
 *
 * The Pagefind runtime (pagefind.js, its worker and wasm, the Component UI: 0.38 MB here) is not in
 * the shell: offline it is useless without the index chunks, which are saved on demand, and it is
 * saved with them the first time the reader searches online.
 */

/** What happens to a file of the built site offline. */
export type OfflineRole = 'shell' | 'saved';

/** Pages of the shell: the home page, search, the offline fallback and the page that saves the site. */
export const SHELL_PAGES = ['index.html', 'search/index.html', 'offline/index.html', 'reading-offline/index.html'];

/** The offline fallback page (relative to the base). */
export const FALLBACK_PAGE = 'offline/index.html';

/** The list of files saved on demand, with sizes and hashes, written into the site. */
export const MANIFEST_FILE = 'offline-manifest.json';

const SHELL = [/^_astro\/.+\.(?:css|js|woff2)$/, /^favicon\.svg$/, /^manifest\.webmanifest$/, /^icons\/[^/]+\.png$/];
const PAGEFIND = new RegExp(
  '^pagefind[^/]*/(?:pagefind\\.js|pagefind-worker\\.js|pagefind-entry\\.json|bundles\\.json|' +
    'pagefind-component-ui\\.(?:js|css)|wasm\\.en\\.pagefind|[^/]+\\.pf_meta|(?:index|fragment|filter)/[^/]+)$',
);
const SAVED = [/\.html$/, /^_astro\//, /^search-names\.json$/, /\.(?:svg|png|jpe?g|gif|webp|avif)$/i, PAGEFIND];
/** Never offline: the worker itself, the zip download, the error page, feeds and crawler files. */
const NEVER = [/^sw\.js$/, /^downloads\//, /^404\.html$/, /^offline-manifest\.json$/, /\.(?:xml|txt)$/];

/** The role of a site file (path relative to the site root, `notes/x/index.html`), or undefined if not offline. */
export function offlineRole(path: string): OfflineRole | undefined {
  if (NEVER.some((r) => r.test(path))) return undefined;
  if (SHELL_PAGES.includes(path) || SHELL.some((r) => r.test(path))) return 'shell';
  return SAVED.some((r) => r.test(path)) ? 'saved' : undefined;
}

/**
 * A shell page heavier than this is saved when opened instead of precached. The home page lists every
 * note: 39 KB for this site, but with it the first-visit precache reached 1.5 MB at 5,000 synthetic notes
 * (npm run bench); capped, the shell stays near 0.6 MB plus at most this, whatever the size of the site.
 */
export const SHELL_PAGE_MAX_BYTES = 256 * 1024;

/**
 * True for files the worker saves as they are fetched (and counts as saved): the "saved" files, and
 * the shell's pages, which are not precached when heavier than SHELL_PAGE_MAX_BYTES. A page that is
 * precached never reaches the worker's saving routes (the precache answers first).
 */
export function savedOnDemand(path: string): boolean {
  const role = offlineRole(path);
  return role === 'saved' || (role === 'shell' && path.endsWith('.html'));
}

/** The file a URL path (relative to the base, no query) is served from: `notes/x/` → `notes/x/index.html`. */
export function fileOfUrlPath(path: string): string {
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** The URL path (relative to the base) a file is served at: `notes/x/index.html` → `notes/x/`. */
export function urlPathOfFile(file: string): string {
  return file.replace(/(^|\/)index\.html$/, '$1');
}

/** One built file: path relative to the site root, size in bytes, content hash (hex). */
export interface SiteFile {
  path: string;
  size: number;
  hash: string;
}

/** How the site's offline files are split, as the build decided. */
export interface OfflinePlan {
  /** Precached on the first visit. */
  precache: SiteFile[];
  /** Saved on demand (empty when the whole site is precached). */
  saved: SiteFile[];
  precacheAll: boolean;
  /** Changes whenever any offline file does; names the caches of this build. */
  version: string;
}

/**
 * Splits the site's files into the shell and the files saved on demand; precaches everything when
 * the two together weigh at most `precacheAllBytes`. `digest` hashes the list into the version.
 */
export function planOffline(
  files: SiteFile[],
  precacheAllBytes: number,
  digest: (text: string) => string,
): OfflinePlan {
  const offline = files.filter((f) => offlineRole(f.path) !== undefined).sort((a, b) => (a.path < b.path ? -1 : 1));
  const inShell = (f: SiteFile) =>
    offlineRole(f.path) === 'shell' && !(f.path.endsWith('.html') && f.size > SHELL_PAGE_MAX_BYTES);
  const shell = offline.filter(inShell);
  const rest = offline.filter((f) => !inShell(f));
  const total = offline.reduce((s, f) => s + f.size, 0);
  const precacheAll = total <= precacheAllBytes;
  const version = digest(offline.map((f) => `${f.path}\0${f.hash}`).join('\n')).slice(0, 12);
  return { precache: precacheAll ? offline : shell, saved: precacheAll ? [] : rest, precacheAll, version };
}

/** What the build writes into `offline-manifest.json`: the files "Save the whole site" fetches. */
export interface OfflineManifest {
  version: string;
  /** The cache these files are saved into (one per build). */
  cache: string;
  precacheAll: boolean;
  total: OfflineTotals;
  /** [URL path relative to the base, bytes, hash], sorted by path. */
  files: [string, number, string][];
}

/** How many files, bytes and pages are saved on demand (the worker carries them for the footer). */
export interface OfflineTotals {
  files: number;
  bytes: number;
  pages: number;
}

/**
 * The order "Save the whole site" fetches in, most useful first, so a save that is cancelled or cut
 * off has the notes and search: notes, the search index, figures, papers, tags, then the rest
 * (author pages, of which there are many).
 */
export function savePriority(path: string): number {
  const order = [/^notes\//, /^pagefind/, /^figures\//, /^papers\//, /^tags\//, /^(results|glossary)\//];
  const i = order.findIndex((re) => re.test(path));
  return i < 0 ? order.length : i;
}

export function manifestOf(plan: OfflinePlan, cache: string): OfflineManifest {
  const saved = [...plan.saved].sort(
    (a, b) => savePriority(a.path) - savePriority(b.path) || a.path.localeCompare(b.path),
  );
  const files = saved.map((f): [string, number, string] => [urlPathOfFile(f.path), f.size, f.hash]);
  return { version: plan.version, cache, precacheAll: plan.precacheAll, total: totalsOf(plan), files };
}

export function totalsOf(plan: OfflinePlan): OfflineTotals {
  return {
    files: plan.saved.length,
    bytes: plan.saved.reduce((s, f) => s + f.size, 0),
    pages: plan.saved.filter((f) => f.path.endsWith('.html')).length,
  };
}
