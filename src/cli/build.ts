/**
 * `npm run build`: builds the site into a fresh folder (Astro, then Pagefind, then the offline
 * files), and only when every step succeeded swaps it into `dist/`. A failed build prints why,
 * exits non-zero and leaves the last good `dist/` exactly as it was.
 *
 * Environment (all optional; the README lists them): DLT_BASE, DLT_SITE, DLT_EDIT_BASE (where the
 * site is published), DLT_DIST (output folder, default `dist`), DLT_CONTENT_ROOT (build another
 * content folder), DLT_CACHE_DIR, DLT_WORKERS, DLT_PAGEFIND_BATCH, DLT_TIMINGS (write phase timings
 * as JSON, for `npm run bench`), DLT_MEMORY (print memory after each step), DLT_QUIET.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
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

/**
 * Astro writes intermediate files into <root>/.astro/.prerender, so two builds of one checkout at
 * once corrupt each other (seen when the benchmark and the tests overlapped). A lock directory
 * (created atomically) makes a second build wait for the first.
 */
async function acquireLock(): Promise<() => Promise<void>> {
  const lock = join(root, '.astro', 'build.lock');
  await mkdir(join(root, '.astro'), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (let announced = false; ; ) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      const release = () => rm(lock, { recursive: true, force: true });
      process.once('exit', () => rmSync(lock, { recursive: true, force: true }));
      return release;
    } catch {
      const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
      const alive = owner > 0 && (() => { try { process.kill(owner, 0); return true; } catch { return false; } })();
      if (!alive) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another build (pid ${owner}) has held ${lock} for 30 minutes`);
      if (!announced) console.log(`Waiting for another build of this checkout (pid ${owner}) to finish…`);
      announced = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function main(): Promise<void> {
  const release = await acquireLock();
  try {
    await buildSite();
  } finally {
    await release();
  }
}

/** Runs the Astro step in a child process (see astro-build.ts); rejects if it fails. */
function runAstro(outDir: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    // MALLOC_ARENA_MAX: glibc gives each render thread its own malloc arena and keeps what they
    // freed; two arenas cut the Astro step's peak memory by about 75 MB at 5,000 notes, at no cost in time.
    const env = { MALLOC_ARENA_MAX: '2', ...process.env };
    const child = spawn(process.execPath, [join(root, 'src/cli/astro-build.ts'), outDir], { cwd: root, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else {
        const error = new Error('The Astro step failed (its output is above); nothing was published.');
        error.name = 'ContentError';
        reject(error);
      }
    });
  });
}

function memory(label: string): void {
  if (!process.env.DLT_MEMORY) return;
  const m = process.memoryUsage();
  console.log(`[memory] ${label}: rss ${(m.rss / 1048576).toFixed(0)} MB, heap ${(m.heapUsed / 1048576).toFixed(0)} MB`);
}

async function buildSite(): Promise<void> {
  const started = performance.now();
  await rm(staging, { recursive: true, force: true });
  await phase('astro', () => runAstro(stagingSite));
  memory('after Astro');
  const search = await phase('pagefind', () => indexSite(stagingSite));
  memory('after Pagefind');
  const offline = await phase('offline', () => buildOfflineFiles(stagingSite, root, stagingOffline));
  memory('after offline files');
  // Swap: the old site stays in place until the new one is complete.
  for (const [from, to] of [[stagingSite, dist], [stagingOffline, offlineDist]]) {
    const old = join(staging, `old-${to.split(/[\\/]/).pop()}`);
    if (existsSync(to)) await rename(to, old);
    await rename(from, to);
  }
  await rm(staging, { recursive: true, force: true });
  timings.total = Math.round(performance.now() - started);
  console.log(
    `\nBuilt ${search.pages} pages into ${dist} in ${(timings.total / 1000).toFixed(1)} s: search index of ${search.pages} pages${search.bundles > 1 ? ` in ${search.bundles} bundles` : ''}; ` +
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
