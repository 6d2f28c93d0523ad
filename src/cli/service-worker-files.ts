/**
 * The service worker of the site: `sw.js` (src/sw/service-worker.ts, bundled with this build's
 * settings) precaches the shell, saves the pages and search files a reader fetches, and shows an
 * offline page for anything else; `offline-manifest.json` lists what "Save the whole site for
 * offline" fetches, with sizes and hashes (src/lib/offline-plan.ts decides which files go where).
 * It lists Pagefind's index and the offline copy's zip, so it is made after both.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { manifestOf, MANIFEST_FILE, planOffline, totalsOf } from '../lib/offline-plan.ts';
import type { SiteFile } from '../lib/offline-plan.ts';
import { hashSite } from './site-hashes.ts';
import { settings } from '../settings.ts';

/** Workbox's own limit on a precached file (a shell file this big would be a mistake). */
const MAX_PRECACHED_FILE = 8 * 1024 * 1024;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Workbox's cache prefix: `dl-theory`, or `dl-theory-sub` under the base `/sub/`. */
function cacheIdOf(base: string): string {
  return `dl-theory${base === '/' ? '' : base.replace(/\//g, '-').replace(/-$/, '')}`;
}

/** Bundles src/sw/service-worker.ts with this build's settings written in. */
async function bundleWorker(root: string, config: Record<string, unknown>, out: string): Promise<void> {
  await esbuild({
    entryPoints: [join(root, 'src/sw/service-worker.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    outfile: out,
    logLevel: 'silent',
    // Workbox's development logging is dropped in production builds.
    define: { __DLT_OFFLINE__: JSON.stringify(config), 'process.env.NODE_ENV': '"production"' },
  });
}

/** Where Workbox's precaching reads its list in the bundled worker (src/sw/service-worker.ts). */
const INJECTION_POINT = 'self.__WB_MANIFEST';

/**
 * Writes the bundled worker with the precache list in place of `self.__WB_MANIFEST`: what Workbox's
 * `injectManifest` (workbox-build) does with a list given whole, to the same bytes (each entry's keys
 * in order, no spaces), except that a `$&` in a URL stays as written (its string replace put the
 * matched text there). Loading workbox-build for it took 0.4-0.5 s of every build, at its end.
 */
export async function injectPrecacheList(
  swSrc: string,
  swDest: string,
  entries: readonly { url: string; revision: string | null }[],
): Promise<void> {
  const source = await readFile(swSrc, 'utf8');
  const found = source.split(INJECTION_POINT).length - 1;
  if (found !== 1)
    throw new Error(`The bundled service worker names ${INJECTION_POINT} ${found} times; the precache list needs one.`);
  const list = JSON.stringify(entries.map(({ revision, url }) => ({ revision, url })));
  await writeFile(
    swDest,
    source.replace(INJECTION_POINT, () => list),
  );
}

/**
 * Writes `offline-manifest.json` and `sw.js` into the built site; returns what the first visit
 * precaches and what saving the whole site fetches.
 */
async function buildServiceWorker(
  site: string,
  base: string,
  root: string,
  work: string,
  settled?: ReadonlyMap<string, SiteFile>,
): Promise<OfflineFilesSummary> {
  const plan = planOffline(await hashSite(site, settled), settings().DLT_PRECACHE_ALL_MB * 1024 * 1024, sha256);
  const cacheId = cacheIdOf(base);
  const cache = `${cacheId}-saved-${plan.version}`;
  await writeFile(join(site, MANIFEST_FILE), JSON.stringify(manifestOf(plan, cache)));
  const swSrc = join(work, 'service-worker.js');
  const shellBytes = plan.precache.reduce((sum, f) => sum + f.size, 0);
  const { version, precacheAll } = plan;
  const config = { version, cacheId, cache, base, precacheAll, shellBytes, total: totalsOf(plan) };
  await bundleWorker(root, config, swSrc);
  // The plan's files, with the hashes made above as revisions. Vite's hashed assets never change under
  // the same name, so they need no revision.
  const entries = plan.precache.map((f) => ({
    url: `${base}${f.path}`,
    revision: f.path.startsWith('_astro/') ? null : f.hash,
  }));
  const tooBig = plan.precache.filter((f) => f.size > MAX_PRECACHED_FILE).map((f) => f.path);
  if (tooBig.length > 0) throw new Error(`The service worker would precache files over 8 MB: ${tooBig.join(', ')}`);
  await injectPrecacheList(swSrc, join(site, 'sw.js'), entries);
  const saved = totalsOf(plan);
  const manifestBytes = (await stat(join(site, MANIFEST_FILE))).size;
  return {
    precacheFiles: entries.length,
    precacheBytes: shellBytes,
    saveFiles: saved.files,
    saveBytes: saved.bytes,
    manifestBytes,
    precacheAll,
  };
}

export interface OfflineFilesSummary {
  precacheFiles: number;
  precacheBytes: number;
  saveFiles: number;
  saveBytes: number;
  manifestBytes: number;
  precacheAll: boolean;
}

/**
 * Writes the service worker and `offline-manifest.json` into the built site, once Pagefind and the
 * offline copy's zip are in it (both are listed); `work` is a scratch folder, removed afterwards.
 * `settled`: files already hashed (site-hashes.ts), which are not read again.
 */
export async function buildServiceWorkerFiles(
  site: string,
  root: string,
  work: string,
  settled?: ReadonlyMap<string, SiteFile>,
): Promise<OfflineFilesSummary> {
  await mkdir(work, { recursive: true });
  try {
    return await buildServiceWorker(site, settings().DLT_BASE, root, work, settled);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
