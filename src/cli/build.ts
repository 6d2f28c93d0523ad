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
import { dirname, join, resolve } from 'node:path';
import { build as astroBuild } from 'astro';
import { indexSite } from './pagefind-index.ts';
import { buildOfflineFiles } from './offline-files.ts';

const root = resolve(import.meta.dirname, '../..');
const dist = resolve(root, process.env.DLT_DIST ?? 'dist');
/** The file:// copy, next to dist (`dist-offline/`). */
const offlineDist = `${dist}-offline`;
const staging = resolve(dirname(dist), `.build-${process.pid}`);
const stagingSite = join(staging, 'site');
const stagingOffline = join(staging, 'offline');
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
  process.env.DLT_OUT_DIR = stagingSite;
  await phase('astro', () => astroBuild({ root, outDir: stagingSite, logLevel: process.env.DLT_QUIET ? 'warn' : 'info' }));
  const search = await phase('pagefind', () => indexSite(stagingSite));
  const offline = await phase('offline', () => buildOfflineFiles(stagingSite, root, stagingOffline));
  // Swap: the old site stays in place until the new one is complete.
  for (const [from, to] of [[stagingSite, dist], [stagingOffline, offlineDist]]) {
    const old = join(staging, `old-${to.split(/[\\/]/).pop()}`);
    if (existsSync(to)) await rename(to, old);
    await rename(from, to);
  }
  await rm(staging, { recursive: true, force: true });
  timings.total = Math.round(performance.now() - started);
  console.log(
    `\nBuilt ${search.pages} pages into ${dist} in ${(timings.total / 1000).toFixed(1)} s: search index of ${search.pages} pages; ` +
      `service worker precaches ${offline.precacheFiles} files (${(offline.precacheBytes / 1024 / 1024).toFixed(2)} MB); ` +
      `offline copy in ${offlineDist} (${offline.offlinePages} pages, zip ${(offline.zipBytes / 1024 / 1024).toFixed(2)} MB, search index ${(offline.searchIndexBytes / 1024).toFixed(0)} KB).`,
  );
  if (process.env.DLT_TIMINGS) await writeFile(process.env.DLT_TIMINGS, JSON.stringify({ ...timings, ...offline, searchPages: search.pages }));
}

main().catch(async (error: Error) => {
  await rm(staging, { recursive: true, force: true }).catch(() => {});
  const message = error.name === 'ContentError' || error.message.includes('nothing was published') ? error.message : (error.stack ?? error.message);
  console.error(`\nBuild failed. The previous site in ${dist} is unchanged.\n${message}`);
  process.exit(1);
});
