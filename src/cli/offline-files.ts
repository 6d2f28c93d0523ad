/**
 * The offline files. The file:// copy (2) needs nothing from Pagefind, so the build makes it while
 * Pagefind indexes; the service worker (1) lists Pagefind's index, so it comes after both.
 * 1. `sw.js`: a service worker (src/sw/service-worker.ts) that precaches the shell, saves the pages
 *    and search files a reader fetches, and shows an offline page for anything else; and
 *    `offline-manifest.json`, the files "Save the whole site for offline" fetches, with sizes and
 *    hashes (src/lib/offline-plan.ts decides which files go where).
 * 2. An offline copy that opens from disk (`file://`): every URL made relative, directory links
 *    pointing at `index.html`, module scripts (which browsers refuse from `file://`) replaced by one
 *    classic script, and search replaced by a small self-contained index. It is written as a folder
 *    and as a zip that the site itself offers for download.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32, deflateRaw, inflateRaw } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { Zip, type ZipInputFile } from 'fflate';
import { injectManifest } from 'workbox-build';
import { offlinePage, relativizeUrls } from '../lib/offline-page.ts';
import { OfflineCache, type CopiedFile } from './offline-cache.ts';
import { manifestOf, MANIFEST_FILE, planOffline, totalsOf } from '../lib/offline-plan.ts';
import type { OfflinePlan, SiteFile } from '../lib/offline-plan.ts';
import { siteFiles } from './site-files.ts';
import { searchEntry, type OfflineSearchEntry } from '../lib/offline-search.ts';
import { settings } from '../settings.ts';

const deflateRawAsync = promisify(deflateRaw);
const inflateRawAsync = promisify(inflateRaw);

export const OFFLINE_ZIP = 'downloads/dl-theory-notes-offline.zip';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Every file of the built site with its size and hash (16 hex digits of SHA-256: what the worker compares). */
async function hashSite(site: string): Promise<SiteFile[]> {
  const files: SiteFile[] = [];
  const paths = await siteFiles(site);
  for (let i = 0; i < paths.length; i += 16) {
    const batch = await Promise.all(
      paths.slice(i, i + 16).map(async (path) => {
        const data = await readFile(join(site, path));
        return { path, size: data.length, hash: sha256(data).slice(0, 16) };
      }),
    );
    files.push(...batch);
  }
  return files;
}

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

/**
 * Writes `offline-manifest.json` and `sw.js` into the built site; returns what the first visit
 * precaches and what saving the whole site fetches.
 */
async function buildServiceWorker(
  site: string,
  base: string,
  root: string,
  work: string,
): Promise<OfflineFilesSummary> {
  const plan = planOffline(await hashSite(site), settings().DLT_PRECACHE_ALL_MB * 1024 * 1024, sha256);
  const cacheId = cacheIdOf(base);
  const cache = `${cacheId}-saved-${plan.version}`;
  await writeFile(join(site, MANIFEST_FILE), JSON.stringify(manifestOf(plan, cache)));
  const swSrc = join(work, 'service-worker.js');
  const shellBytes = plan.precache.reduce((sum, f) => sum + f.size, 0);
  const { version, precacheAll } = plan;
  const config = { version, cacheId, cache, base, precacheAll, shellBytes, total: totalsOf(plan) };
  await bundleWorker(root, config, swSrc);
  const result = await injectManifest({
    swSrc,
    swDest: join(site, 'sw.js'),
    globDirectory: site,
    globPatterns: ['**/*'],
    globIgnores: ['sw.js'],
    // The plan decides; Workbox revisions, prefixes and checks what it keeps.
    manifestTransforms: [keepPlanned(plan, base)],
    modifyURLPrefix: { '': base },
    // Vite's hashed assets never change under the same name, so they need no revision parameter.
    dontCacheBustURLsMatching: /\/_astro\//,
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  });
  if (result.count !== plan.precache.length) {
    const planned = plan.precache.length;
    throw new Error(`The service worker precaches ${result.count} files, but the offline plan lists ${planned}.`);
  }
  const saved = totalsOf(plan);
  const manifestBytes = (await stat(join(site, MANIFEST_FILE))).size;
  return {
    precacheFiles: result.count,
    precacheBytes: result.size,
    saveFiles: saved.files,
    saveBytes: saved.bytes,
    manifestBytes,
    precacheAll,
  };
}

/** A Workbox manifest transform that keeps the files the plan precaches. */
function keepPlanned(plan: OfflinePlan, base: string) {
  const wanted = new Set(plan.precache.map((f) => `${base}${f.path}`));
  return (entries: { url: string; size: number; revision: string | null }[]) => ({
    manifest: entries.filter((e) => wanted.has(e.url)),
    warnings: [],
  });
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
 * Writes a zip as files are added, so memory holds a few files at a time. Compression runs in
 * Node's native zlib on its thread pool (fflate's JavaScript deflate was the slowest step of the
 * offline files; measured with npm run bench); fflate only writes the archive structure.
 * The archive is reproducible: entries go in the order given at construction, whatever order their
 * compression finishes in, and carry one fixed date (SOURCE_DATE_EPOCH when set), so an unchanged
 * site gives the same zip byte for byte.
 */
class ZipWriter {
  readonly #zip: Zip;
  readonly #out: WriteStream;
  readonly #done: Promise<void>;
  readonly #order: readonly string[];
  readonly #ready = new Map<string, { entry: ZipInputFile; body: Uint8Array }>();
  readonly #mtime = process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.UTC(1980, 0, 2);
  #next = 0;
  bytes = 0;
  constructor(path: string, order: readonly string[]) {
    this.#order = order;
    this.#out = createWriteStream(path);
    this.#done = new Promise((resolvePromise, reject) => {
      this.#out.on('finish', resolvePromise);
      this.#out.on('error', reject);
    });
    this.#zip = new Zip((err, chunk, final) => {
      if (err) throw err;
      this.bytes += chunk.length;
      this.#out.write(chunk);
      if (final) this.#out.end();
    });
  }
  /** Adds a file, stored as given (`deflated` when compressed, else its bytes), in its place in the order. */
  add(name: string, file: { size: number; crc: number; body: Uint8Array; deflated: boolean }): void {
    const entry: ZipInputFile = { filename: name, size: file.size, crc: file.crc, compression: file.deflated ? 8 : 0, mtime: this.#mtime };
    this.#ready.set(name, { entry, body: file.body });
    for (let next = this.#ready.get(this.#order[this.#next]); next; next = this.#ready.get(this.#order[this.#next])) {
      this.#ready.delete(this.#order[this.#next++]);
      this.#zip.add(next.entry);
      next.entry.ondata?.(null, next.body as Uint8Array<ArrayBuffer>, true);
    }
  }
  async close(): Promise<void> {
    if (this.#next < this.#order.length) throw new Error(`The offline zip is missing ${this.#order[this.#next]}`);
    this.#zip.end();
    await this.#done;
  }
}

/** Files stored in the zip as they are: already compressed. */
const STORED = /\.(woff2|png|jpe?g|gif|webp|avif|zip)$/;

/** The code that decides what a copied file holds: a change to it invalidates the cache. */
const TRANSFORM_SOURCES = ['cli/offline-files.ts', 'cli/offline-cache.ts', 'lib/offline-page.ts', 'lib/offline-csp.ts', 'lib/offline-search.ts', 'lib/html.ts'];

async function transformVersion(base: string): Promise<string> {
  const src = fileURLToPath(new URL('../', import.meta.url));
  const sources = await Promise.all(TRANSFORM_SOURCES.map((f) => readFile(join(src, f), 'utf8')));
  return sha256(JSON.stringify([base, sources]));
}

/** Makes the copy of one built file: rewritten (pages and CSS), indexed (pages) and deflated. */
async function copyOf(rel: string, data: Buffer, base: string): Promise<CopiedFile & { bytes: Uint8Array }> {
  let entry: OfflineSearchEntry | undefined;
  let bytes: Uint8Array = data;
  if (rel.endsWith('.html')) {
    const text = data.toString('latin1');
    entry = searchEntry(rel, text, 'latin1');
    bytes = offlinePage(data, rel, base, text);
  } else if (rel.endsWith('.css')) {
    bytes = Buffer.from(relativizeUrls(data.toString('latin1'), rel, base), 'latin1');
  }
  return { size: bytes.length, crc: crc32(bytes), deflated: await deflateRawAsync(bytes, { level: 6 }), entry, bytes };
}

/**
 * Builds the file:// copy into `out`, and zips it into the site's downloads, in one pass over the
 * built site (one file in memory at a time, a few files in flight). Files made by an earlier build
 * from the same bytes come from `cacheDir`.
 */
export async function buildOfflineCopy(site: string, out: string, root: string, cacheDir?: string): Promise<OfflineCopySummary> {
  const base = settings().DLT_BASE;
  // Listed before anything else writes into the site (Pagefind runs alongside).
  const excluded = (rel: string) =>
    rel === 'sw.js' ||
    rel.startsWith('pagefind') ||
    rel.startsWith('downloads/') ||
    rel === 'manifest.webmanifest' ||
    rel.startsWith('offline/');
  const files = (await siteFiles(site)).filter((rel) => !excluded(rel));
  await rm(out, { recursive: true, force: true });
  await mkdir(join(site, dirname(OFFLINE_ZIP)), { recursive: true });
  const cache = cacheDir ? new OfflineCache(cacheDir, await transformVersion(base)) : undefined;
  const extras = ['_offline/offline.js', '_offline/search-index.js'];
  const zip = new ZipWriter(join(site, OFFLINE_ZIP), [...files, ...extras].map((rel) => `dl-theory-notes/${rel}`));
  const index: OfflineSearchEntry[] = [];
  const write = async (rel: string, data: Uint8Array) => {
    await mkdir(dirname(join(out, rel)), { recursive: true });
    await writeFile(join(out, rel), data);
  };
  const put = async (rel: string, data: Uint8Array) => {
    await write(rel, data);
    const deflated = !STORED.test(rel);
    zip.add(`dl-theory-notes/${rel}`, { size: data.length, crc: crc32(data), body: deflated ? await deflateRawAsync(data, { level: 6 }) : data, deflated });
  };
  let pages = 0;
  let reused = 0;
  const work = async (rel: string) => {
    const data = await readFile(join(site, rel));
    if (rel.endsWith('.html')) pages++;
    if (STORED.test(rel)) return put(rel, data);
    const key = cache?.keyOf(rel, data);
    let copy = key ? await cache?.get(key) : undefined;
    if (copy) {
      reused++;
      await write(rel, await inflateRawAsync(copy.deflated));
    } else {
      const made = await copyOf(rel, data, base);
      await write(rel, made.bytes);
      if (key) await cache?.put(key, made);
      copy = made;
    }
    if (copy.entry) index.push(copy.entry);
    zip.add(`dl-theory-notes/${rel}`, { size: copy.size, crc: copy.crc, body: copy.deflated, deflated: true });
  };
  // A few files in flight keeps the disk busy without holding many pages in memory.
  for (let i = 0; i < files.length; i += 8) await Promise.all(files.slice(i, i + 8).map(work));

  // One classic script replaces the module scripts (theme toggle, copying TeX, search).
  const bundled = await esbuild({
    entryPoints: [join(root, 'src/scripts/offline-copy.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  await put(extras[0], bundled.outputFiles[0].contents);
  index.sort((a, b) => a.u.localeCompare(b.u));
  const indexJs = Buffer.from(`window.__DLT_SEARCH__=${JSON.stringify(index)};`);
  await put(extras[1], indexJs);
  await zip.close();
  await cache?.prune();
  return { offlinePages: pages, reusedFiles: reused, zipBytes: zip.bytes, searchIndexBytes: indexJs.length };
}

/** The file:// copy's numbers, for the build's summary. */
export interface OfflineCopySummary {
  offlinePages: number;
  /** Files taken from the cache of earlier builds. */
  reusedFiles: number;
  zipBytes: number;
  searchIndexBytes: number;
}

/**
 * Writes the service worker and `offline-manifest.json` into the built site, once Pagefind and the
 * offline copy's zip are in it (both are listed); `work` is a scratch folder, removed afterwards.
 */
export async function buildServiceWorkerFiles(site: string, root: string, work: string): Promise<OfflineFilesSummary> {
  await mkdir(work, { recursive: true });
  try {
    return await buildServiceWorker(site, settings().DLT_BASE, root, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
