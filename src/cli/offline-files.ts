/**
 * The offline copy that opens from disk (`file://`): every URL made relative, directory links
 * pointing at `index.html`, module scripts (which browsers refuse from `file://`) replaced by one
 * classic script, and search replaced by a small self-contained index. It is written as a folder
 * and as a zip that the site itself offers for download. It needs nothing from Pagefind, so the
 * build makes it while Pagefind indexes.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32, deflateRaw, inflateRaw } from 'node:zlib';
import { offlinePage, relativizeUrls } from '../lib/offline-page.ts';
import { searchEntry, type OfflineSearchEntry } from '../lib/offline-search.ts';
import { settings } from '../settings.ts';
import { allOrStop } from './child-steps.ts';
import { OfflineCache, type CopiedFile } from './offline-cache.ts';
import { OfflineSearchFile } from './offline-search-file.ts';
import { siteFiles } from './site-files.ts';
import { OFFLINE_ZIP } from './site-hashes.ts';
import { ZipWriter } from './zip-writer.ts';

const deflateRawAsync = promisify(deflateRaw);
const inflateRawAsync = promisify(inflateRaw);

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Files stored in the zip as they are: already compressed. */
const STORED = /\.(woff2|png|jpe?g|gif|webp|avif|zip)$/;

/** The code that decides what a copied file holds: a change to it invalidates the cache. */
const TRANSFORM_SOURCES = [
  'cli/offline-files.ts',
  'cli/offline-cache.ts',
  'cli/zip-writer.ts',
  'lib/offline-page.ts',
  'lib/offline-csp.ts',
  'lib/offline-search.ts',
  'lib/strip-for-index.ts',
  'lib/html.ts',
];

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

/** What the file:// copy leaves out: the service worker, search bundles, downloads, the web app's files. */
const notCopied = (rel: string) =>
  rel === 'sw.js' ||
  rel.startsWith('pagefind') ||
  rel.startsWith('downloads/') ||
  rel === 'manifest.webmanifest' ||
  rel.startsWith('offline/');

/**
 * Puts a file of an earlier copy at `target`: a link to the cache's copy of it, or (when there is
 * none, or it was changed) the cache entry inflated, which then becomes the cache's copy.
 */
async function placeCached(cache: OfflineCache, key: string, copy: CopiedFile, target: string): Promise<void> {
  if (await cache.linkRaw(key, copy, target)) return;
  await writeFile(target, await inflateRawAsync(copy.deflated));
  await cache.keepRaw(key, target);
}

/** One classic script replaces the module scripts (theme toggle, copying TeX, search). */
async function offlineScript(root: string): Promise<Uint8Array> {
  // Loaded here, at the copy's end: imported up front, esbuild's API held 9 MB through the whole copy.
  // Its service (a process of 13 MB) is stopped as soon as the script is made.
  const { build: esbuild, stop } = await import('esbuild');
  try {
    const bundled = await esbuild({
      entryPoints: [join(root, 'src/scripts/offline-copy.ts')],
      bundle: true,
      format: 'iife',
      minify: true,
      target: 'es2020',
      write: false,
      logLevel: 'silent',
    });
    return bundled.outputFiles[0].contents;
  } finally {
    await stop();
  }
}

/**
 * Builds the file:// copy into `out`, and zips it into the site's downloads, in one pass over the
 * built site (one file in memory at a time, a few files in flight). Files made by an earlier build
 * from the same bytes come from `cacheDir`.
 */
export async function buildOfflineCopy(
  site: string,
  out: string,
  root: string,
  cacheDir?: string,
): Promise<OfflineCopySummary> {
  const base = settings().DLT_BASE;
  // Listed before anything else writes into the site (Pagefind runs alongside).
  const files = (await siteFiles(site)).filter((rel) => !notCopied(rel));
  await rm(out, { recursive: true, force: true });
  await mkdir(join(site, dirname(OFFLINE_ZIP)), { recursive: true });
  const cache = cacheDir ? new OfflineCache(cacheDir, await transformVersion(base)) : undefined;
  const extras = ['_offline/offline.js', '_offline/search-index.js'];
  const zip = new ZipWriter(
    join(site, OFFLINE_ZIP),
    [...files, ...extras].map((rel) => `dl-theory-notes/${rel}`),
  );
  const search = new OfflineSearchFile();
  // Each folder is made once (a mkdir per file was 0.13 s of the copy's 6.6 s at 1,000 notes).
  const folders = new Map<string, Promise<unknown>>();
  const folderOf = (rel: string) => {
    const folder = dirname(join(out, rel));
    if (!folders.has(folder)) folders.set(folder, mkdir(folder, { recursive: true }));
    return folders.get(folder);
  };
  const write = async (rel: string, data: Uint8Array) => {
    await folderOf(rel);
    await writeFile(join(out, rel), data);
  };
  const put = async (rel: string, data: Uint8Array) => {
    await write(rel, data);
    const deflated = !STORED.test(rel);
    zip.add(`dl-theory-notes/${rel}`, {
      size: data.length,
      crc: crc32(data),
      body: deflated ? await deflateRawAsync(data, { level: 6 }) : data,
      deflated,
    });
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
      await folderOf(rel);
      await placeCached(cache!, key!, copy, join(out, rel));
    } else {
      const made = await copyOf(rel, data, base);
      await write(rel, made.bytes);
      if (key) await cache?.put(key, made, join(out, rel));
      copy = made;
    }
    if (copy.entry) await search.add(copy.entry);
    zip.add(`dl-theory-notes/${rel}`, { size: copy.size, crc: copy.crc, body: copy.deflated, deflated: true });
  };
  // A few files in flight keeps the disk busy without holding many pages in memory. A batch settles
  // whole before a failure is reported, so no write is still on its way when the step exits.
  try {
    for (let i = 0; i < files.length; i += 8) {
      await allOrStop(files.slice(i, i + 8).map((rel) => () => work(rel)));
      await zip.drained();
    }
    await put(extras[0], await offlineScript(root));
  } catch (e) {
    await search.discard();
    throw e;
  }
  const indexJs = await search.write(join(out, extras[1]));
  zip.add(`dl-theory-notes/${extras[1]}`, { ...indexJs, deflated: true });
  await zip.close();
  await cache?.prune();
  return { offlinePages: pages, reusedFiles: reused, zipBytes: zip.bytes, searchIndexBytes: indexJs.size };
}

/** The file:// copy's numbers, for the build's summary. */
export interface OfflineCopySummary {
  offlinePages: number;
  /** Files taken from the cache of earlier builds. */
  reusedFiles: number;
  zipBytes: number;
  searchIndexBytes: number;
}
