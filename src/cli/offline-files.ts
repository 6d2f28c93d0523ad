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
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { Zip, type ZipInputFile } from 'fflate';
import { injectManifest } from 'workbox-build';
import { withOfflineCsp } from '../lib/offline-csp.ts';
import { manifestOf, MANIFEST_FILE, planOffline, totalsOf } from '../lib/offline-plan.ts';
import type { OfflinePlan, SiteFile } from '../lib/offline-plan.ts';
import { siteFiles } from './site-files.ts';
import { searchEntry, type OfflineSearchEntry } from '../lib/offline-search.ts';
import { settings } from '../settings.ts';

const deflateRawAsync = promisify(deflateRaw);

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

/** The path from a file at `fromFile` (relative to the site root) to site path `target`. */
function relativeUrl(fromFile: string, target: string): string {
  const [pathAndQuery, hash = ''] = target.split('#', 2);
  const [path, query = ''] = pathAndQuery.split('?', 2);
  let file = path === '' ? 'index.html' : path.endsWith('/') ? `${path}index.html` : path;
  if (!/\.[a-z0-9]+$/i.test(file)) file = `${file}/index.html`;
  let rel = posix.relative(posix.dirname(fromFile), file);
  if (rel === '') rel = posix.basename(file);
  return `${rel}${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`;
}

/** Rewrites every site-absolute URL in an HTML or CSS file so the copy works from any folder. */
export function relativizeUrls(text: string, fromFile: string, base: string): string {
  const b = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text
    .replace(new RegExp(`(\\s(?:href|src|action)=)(["'])${b}([^"']*)\\2`, 'g'), (_m, attr: string, q: string, path: string) => `${attr}${q}${relativeUrl(fromFile, path)}${q}`)
    .replace(new RegExp(`url\\((["']?)${b}([^)"']*)\\1\\)`, 'g'), (_m, q: string, path: string) => `url(${q}${relativeUrl(fromFile, path)}${q})`);
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
  async add(name: string, data: Uint8Array, compress: boolean): Promise<void> {
    const body = compress ? await deflateRawAsync(data, { level: 6 }) : data;
    const entry: ZipInputFile = { filename: name, size: data.length, crc: crc32(data), compression: compress ? 8 : 0, mtime: this.#mtime };
    this.#ready.set(name, { entry, body });
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

/**
 * Builds the file:// copy into `out`, and zips it into the site's downloads, in one pass over the
 * built site (one file in memory at a time, a few files in flight).
 */
export async function buildOfflineCopy(site: string, out: string, root: string): Promise<OfflineCopySummary> {
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
  const extras = ['_offline/offline.js', '_offline/search-index.js'];
  const zip = new ZipWriter(join(site, OFFLINE_ZIP), [...files, ...extras].map((rel) => `dl-theory-notes/${rel}`));
  const index: OfflineSearchEntry[] = [];
  const put = async (rel: string, data: Uint8Array) => {
    await mkdir(dirname(join(out, rel)), { recursive: true });
    await writeFile(join(out, rel), data);
    await zip.add(`dl-theory-notes/${rel}`, data, !/\.(woff2|png|zip)$/.test(rel));
  };
  let pages = 0;
  const work = async (rel: string) => {
    const path = join(site, rel);
    if (rel.endsWith('.html')) {
      pages++;
      const html = await readFile(path, 'utf8');
      const entry = searchEntry(rel, html);
      if (entry) index.push(entry);
      const rewritten = html
        .replace(/<script type="module"[^>]*><\/script>/g, '')
        .replace(/<link rel="modulepreload"[^>]*>/g, '')
        .replace(/<meta http-equiv="content-security-policy"[^>]*>/gi, '')
        .replace(/<link rel="(manifest|preload)"[^>]*>/g, '')
        .replace(/<\/body>/, `<script src="${base}_offline/offline.js"></script></body>`);
      await put(rel, Buffer.from(withOfflineCsp(relativizeUrls(rewritten, rel, base))));
    } else if (rel.endsWith('.css')) {
      await put(rel, Buffer.from(relativizeUrls(await readFile(path, 'utf8'), rel, base)));
    } else {
      await put(rel, await readFile(path));
    }
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
  return { offlinePages: pages, zipBytes: zip.bytes, searchIndexBytes: indexJs.length };
}

/** The file:// copy's numbers, for the build's summary. */
export interface OfflineCopySummary {
  offlinePages: number;
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
