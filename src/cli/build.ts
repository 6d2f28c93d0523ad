/**
 * `npm run build`: builds the site into a fresh folder (Astro, then Pagefind, then the offline
 * files), and only when every step succeeded swaps it into `dist/`. A failed build prints why,
 * exits non-zero and leaves the last good `dist/` exactly as it was.
 *
 * Environment: DLT_DIST (default `dist`), DLT_BASE (site base path), DLT_TIMINGS=path to write
 * phase timings as JSON (used by `npm run bench`).
 */
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { build as astroBuild } from 'astro';
import { indexSite } from './pagefind-index.ts';
import { buildOfflineFiles } from './offline-files.ts';

const root = resolve(import.meta.dirname, '../..');
const dist = resolve(root, process.env.DLT_DIST ?? 'dist');
const staging = resolve(dirname(dist), `.build-${process.pid}`);
const timings: Record<string, number> = {};

async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  await rm(staging, { recursive: true, force: true });
  process.env.DLT_OUT_DIR = staging;
  await phase('astro', () => astroBuild({ root, outDir: staging, logLevel: process.env.DLT_QUIET ? 'warn' : 'info' }));
  const search = await phase('pagefind', () => indexSite(staging));
  const offline = await phase('offline', () => buildOfflineFiles(staging, root));
  // Swap: the old site stays in place until the new one is complete.
  const old = `${staging}-old`;
  if (existsSync(dist)) await rename(dist, old);
  await rename(staging, dist);
  await rm(old, { recursive: true, force: true });
  timings.total = Math.round(performance.now() - started);
  console.log(
    `\nBuilt ${search.pages} pages into ${dist} (search index: ${search.pages} pages, ${search.words} words; offline: ${offline.precacheFiles} files, ${(offline.precacheBytes / 1024 / 1024).toFixed(2)} MB precached) in ${(timings.total / 1000).toFixed(1)} s.`,
  );
  if (process.env.DLT_TIMINGS) await writeFile(process.env.DLT_TIMINGS, JSON.stringify({ ...timings, ...offline, searchPages: search.pages }));
}

main().catch(async (error: Error) => {
  await rm(staging, { recursive: true, force: true }).catch(() => {});
  const message = error.name === 'ContentError' || error.message.includes('nothing was published') ? error.message : (error.stack ?? error.message);
  console.error(`\nBuild failed. The previous site in ${dist} is unchanged.\n${message}`);
  process.exit(1);
});
