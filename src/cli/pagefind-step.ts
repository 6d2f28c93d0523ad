/**
 * The Pagefind step of `npm run build`, run in its own process group by src/cli/build.ts so that a
 * failed build can stop it, with Pagefind's own binary, before removing the staging folder.
 * Usage: node src/cli/pagefind-step.ts <site folder> <result file> [bundle cache folder] [--preload]
 * Writes its summary (SearchSummary: pages, bundles, reused and, if preloaded, reindexed) as JSON to
 * the result file and exits 0 once the index is written.
 *
 * With `--preload` (and an IPC channel) it is started while Astro still generates pages: it adds the
 * last build's pages to an index (preloadBundle) and indexes the site when the build sends
 * `{ kind: 'index' }`, once the site is in place.
 */
import { writeFile } from 'node:fs/promises';
import { preloadBundle } from './pagefind-bundle.ts';
import { indexSite } from './pagefind-index.ts';

/** What the build sends a preloading step once the site is built. */
export type PagefindStepMessage = { kind: 'index' };

const args = process.argv.slice(2).filter((a) => a !== '--preload');
const [site, resultFile, cacheDir] = args;
if (!site || !resultFile) {
  console.error('usage: node src/cli/pagefind-step.ts <site folder> <result file> [bundle cache folder] [--preload]');
  process.exit(2);
}

// Pagefind's binary panics when the disk is full, and its Node API then never answers: the event
// loop empties with the index unfinished. That is a failure, not a success.
let finished = false;
process.on('beforeExit', () => {
  if (!finished) {
    console.error('Pagefind stopped without writing its index (its message, if any, is above).');
    process.exit(1);
  }
});

const preloading = process.argv.includes('--preload') && cacheDir !== undefined && process.send !== undefined;
const aborter = new AbortController();
const preload = preloading
  ? { ready: preloadBundle(cacheDir, aborter.signal), cancel: () => aborter.abort() }
  : undefined;
if (preload) {
  // The build that started this step is gone (killed): so is the reason to go on.
  process.on('disconnect', () => {
    if (!finished) process.exit(1);
  });
  await new Promise<void>((resolve) => {
    const listener = (message: PagefindStepMessage) => {
      if (message.kind !== 'index') return;
      // From here the channel must not keep the process alive: if Pagefind's binary dies unanswered,
      // the event loop has to empty for the check above to report it.
      process.off('message', listener);
      process.channel?.unref();
      resolve();
    };
    process.on('message', listener);
  });
}
const result = await indexSite(site, { cacheDir, preload });
await writeFile(resultFile, JSON.stringify(result));
finished = true;
process.disconnect?.();
