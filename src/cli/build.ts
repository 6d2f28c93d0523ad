/**
 * `npm run build`: builds the site into a fresh folder (the Astro step, which renders the notes in
 * a render step beside Astro's start-up; then Pagefind beside the offline files), and only when
 * every step succeeded swaps it into `dist/`. A failed build prints why,
 * exits non-zero and leaves the last good `dist/` exactly as it was.
 *
 * Environment (all optional; the README lists them): DLT_BASE, DLT_SITE, DLT_EDIT_BASE (where the
 * site is published), DLT_DIST (output folder, default `dist`), DLT_CONTENT_ROOT (build another
 * content folder), DLT_CACHE_DIR, DLT_WORKERS, DLT_PAGEFIND_BATCH, DLT_TIMINGS (write phase timings
 * as JSON, for `npm run bench`), DLT_MEMORY (print memory after each step), DLT_QUIET.
 */
import { rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot as root, readSettings, type Settings } from '../settings.ts';
import { allOrStop, stopSteps } from './child-steps.ts';
import { runAstro, runOfflineCopy, SearchStep, type SearchSummary } from './build-steps.ts';
import { acquireLock } from './build-lock.ts';
import { shareCompileCache } from './compile-cache.ts';
import type { OfflineCopySummary } from './offline-files.ts';
import { hashSettledFiles, isSearchIndexFile, OFFLINE_ZIP } from './site-hashes.ts';
import type { SiteFile } from '../lib/offline-plan.ts';
import { describeFailure, summary } from './build-report.ts';
import { ContentError } from '../lib/problems.ts';
import { defaultCacheDir } from '../pipeline/render-cache.ts';
import {
  deadBuildFolders,
  DISCARD_PREFIX,
  discardLater,
  moveFolder,
  publish,
  PublishError,
  recoverStaleBuilds,
} from './publish.ts';

let config: Settings;
try {
  config = readSettings();
} catch (error) {
  console.error(`\nBuild failed. Nothing was changed.\n${(error as Error).message}`);
  process.exit(1);
}
const dist = config.dist;
/** The file:// copy, next to dist (`dist-offline/`). */
const offlineDist = `${dist}-offline`;
const staging = join(dirname(dist), `.build-${process.pid}`);
const stagingSite = join(staging, 'site');
const stagingOffline = join(staging, 'offline');
/**
 * Where Astro writes: inside the project, then moved into staging. Astro 7 renames its prerendered
 * assets from <cwd>/.astro into outDir when outDir is outside cwd (getOutDirWithinCwd in
 * astro/dist/core/build/common.js), which fails with EXDEV when dist is on another file system.
 * One name per checkout (builds of a checkout take turns, see acquireLock): Astro writes outDir into
 * a module every page depends on, so a new name each build would make its incremental build
 * re-render every page.
 */
const astroOut = join(root, '.astro', 'out');
/**
 * False while the staging folder may hold the only copy of the previous site: during the swap (a
 * signal could arrive between two renames; the next build restores it, see recoverStaleBuilds) and
 * after a swap whose undo failed.
 */
let stagingDisposable = true;
const timings: Record<string, number> = {};
/** Where rendered notes, search bundles and the file:// copy's files are cached for this content and base. */
const cacheDir = defaultCacheDir(pathToFileURL(`${config.contentRoot}/`), config.DLT_BASE);
shareCompileCache(dirname(cacheDir));

/** The step running now, for the report when a step stops without finishing. */
let running = 'starting';

async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  running = name;
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

async function main(): Promise<void> {
  const release = await acquireLock(root);
  try {
    await buildSite();
  } finally {
    await release();
  }
}

function memory(label: string): void {
  if (!config.DLT_MEMORY) return;
  const m = process.memoryUsage();
  console.log(
    `[memory] ${label}: rss ${(m.rss / 1048576).toFixed(0)} MB, heap ${(m.heapUsed / 1048576).toFixed(0)} MB`,
  );
}

/** Once Pagefind or the file:// copy is done, every file but the other's, hashed for the service worker. */
let settledHashes: Promise<Map<string, SiteFile> | undefined> | undefined;
function settle<T>(stillWriting: (path: string) => boolean): (result: T) => T {
  return (result) => ((settledHashes ??= hashSettledFiles(stagingSite, stillWriting)), result);
}

/**
 * Pagefind and the file:// copy (each in processes of their own) need nothing from each other: on
 * two cores they overlap. Pagefind's binary takes most of its memory when it writes an index (822 MB
 * for 1,338 pages, with one jemalloc arena), and it writes each bundle as soon as its pages are added,
 * the copy still running: at 1,000 notes that phase peaks at 1.12-1.14 GB, as high as the render
 * step's phase can. (Holding the last write until the copy was done made Pagefind wait 2-3 s with
 * nothing else to do, for no lower peak.) When one fails, the other is stopped, and waited for, before
 * the build reports and cleans up.
 * The service worker lists the files of both, so it comes after.
 */
function indexAndCopy(search: SearchStep): Promise<[SearchSummary, OfflineCopySummary]> {
  const copy = phase('offlineCopy', () => runOfflineCopy(stagingSite, stagingOffline, join(cacheDir, 'offline')));
  return phase('searchAndCopy', () =>
    allOrStop<[SearchSummary, OfflineCopySummary]>(
      [
        () => phase('pagefind', () => search.index()).then(settle((path) => path === OFFLINE_ZIP)),
        () => copy.then(settle(isSearchIndexFile)),
      ],
      () => stopSteps(),
    ),
  );
}

async function buildSite(): Promise<void> {
  const started = performance.now();
  for (const line of config.placeholders) console.warn(`warning: ${line}`);
  for (const line of await recoverStaleBuilds(dist, [
    { target: dist, stagedName: 'site' },
    { target: offlineDist, stagedName: 'offline' },
  ]))
    console.log(line);
  for (const folder of [
    ...(await deadBuildFolders(join(root, '.astro'), 'out-')),
    ...(await deadBuildFolders(dirname(dist), DISCARD_PREFIX)),
  ])
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  // Started once the notes are rendered, to add the last build's pages while Astro makes the new ones.
  const searchStep = new SearchStep(stagingSite, join(cacheDir, 'pagefind'), join(staging, 'pagefind-result.json'));
  await phase('astro', async () => {
    await rm(astroOut, { recursive: true, force: true });
    await runAstro(astroOut, () => void searchStep.preload().catch(fail));
    await moveFolder(astroOut, stagingSite);
  });
  memory('after Astro');
  const [search, copy] = await indexAndCopy(searchStep);
  memory('after Pagefind and the offline copy');
  // Imported only now: nothing of it is needed before, and the build's process sits beside Pagefind's
  // binary at its peak.
  const { buildServiceWorkerFiles } = await import('./service-worker-files.ts');
  const worker = await phase('serviceWorker', async () =>
    buildServiceWorkerFiles(stagingSite, root, join(staging, 'sw-build'), await settledHashes),
  );
  const offline = { ...copy, ...worker };
  memory('after the service worker');
  // The old site stays in place until the new one is complete, and comes back if the swap fails.
  stagingDisposable = false;
  try {
    await publish(
      [
        { staged: stagingSite, target: dist },
        { staged: stagingOffline, target: offlineDist },
      ],
      staging,
      undefined,
      (message) => console.warn(`Warning: ${message}`),
      async () => {}, // the previous site goes with the staging folder, below
    );
  } catch (error) {
    stagingDisposable = error instanceof PublishError && error.restored;
    throw error;
  }
  stagingDisposable = true;
  await discardLater(staging);
  timings.total = Math.round(performance.now() - started);
  console.log(summary(dist, offlineDist, timings.total, search, offline));
  if (config.DLT_TIMINGS)
    await writeFile(config.DLT_TIMINGS, JSON.stringify({ ...timings, ...offline, searchPages: search.pages }));
}

let failing = false;
/**
 * Reports a failed build, stops the helper processes, removes what was staged (unless it holds the
 * old site), and exits 1.
 */
function fail(error: Error): void {
  if (failing) return;
  failing = true;
  // Described before cleaning up: removing the staging folder frees the disk it may have filled.
  const why = describeFailure(error, dist);
  void stopSteps().finally(() => {
    rmSync(astroOut, { recursive: true, force: true });
    if (stagingDisposable) rmSync(staging, { recursive: true, force: true });
    const kept = error instanceof PublishError && !error.restored;
    console.error(
      `\nBuild failed. ${
        kept ? 'The previous site was NOT put back in place (see below).' : `The previous site in ${dist} is unchanged.`
      }\n${why}`,
    );
    process.exit(1);
  });
}

// A failure outside the awaited chain (a stream's error event, a callback that throws) still ends
// in the same report and clean-up instead of a bare stack trace and a staging folder left behind.
process.on('uncaughtException', fail);
process.on('unhandledRejection', (reason) => fail(reason instanceof Error ? reason : new Error(String(reason))));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => fail(new ContentError(`The build was stopped (${signal}); nothing was published.`)));
}

// A step whose helper process dies (Pagefind panics when the disk is full) can leave its promise
// unsettled: Node would then run out of work and exit with status 0, the build neither finished
// nor failed. The event loop emptying before the build finished is therefore a failure.
let finished = false;
process.on('beforeExit', () => {
  if (!finished)
    fail(
      new ContentError(
        `The ${running} step stopped without finishing (its output, if any, is above); nothing was published.`,
      ),
    );
});

main().then(() => (finished = true), fail);
