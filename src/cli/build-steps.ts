/**
 * The helper processes of `npm run build` (src/cli/build.ts): the Astro step, the Pagefind step and
 * the file:// copy. Each runs in a process of its own, which gives its memory back when it exits.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentError } from '../lib/problems.ts';
import { projectRoot as root } from '../settings.ts';
import { runStep } from './child-steps.ts';
import type { OfflineCopySummary } from './offline-files.ts';
import type { CopyReply } from './offline-copy-step.ts';

/** Runs the Astro step in a child process (see astro-build.ts); rejects if it fails. */
export function runAstro(outDir: string): Promise<void> {
  // MALLOC_ARENA_MAX: glibc gives each render thread its own malloc arena and keeps what they
  // freed; two arenas cut the Astro step's peak memory by about 75 MB at 5,000 notes, at no cost in time.
  const env = { MALLOC_ARENA_MAX: '2', ...process.env };
  const failure = 'The Astro step failed (its output is above); nothing was published.';
  return runStep(join(root, 'src/cli/astro-build.ts'), [outDir], failure, env, ['--expose-gc']);
}

export type SearchSummary = { pages: number; bundles: number; reused: number };

/**
 * jemalloc's settings for Pagefind's binary (its Linux builds allocate with jemalloc, which reads them
 * from `_RJEM_MALLOC_CONF`). By default it keeps an arena per thread of the binary's pool; with one, the
 * write of a 1,340-page bundle peaked at 1,085 MB instead of 1,250-1,270 MB in the same time (5,000
 * notes, the step alone, several runs each). Giving freed pages back at once (`dirty_decay_ms:0`) went
 * down to 1,000 MB but took a quarter more time.
 */
export const PAGEFIND_MALLOC_CONF = 'narenas:1';

/** Runs Pagefind over the staged site in a child process (see pagefind-step.ts). */
export async function runPagefind(site: string, cacheDir: string, resultFile: string): Promise<SearchSummary> {
  await runStep(
    join(root, 'src/cli/pagefind-step.ts'),
    [site, resultFile, cacheDir],
    'The search index step failed (its output is above); nothing was published.',
    // The step only reads pages and hands them on, but beside Pagefind's binary at the build's peak it
    // held 250-280 MB with V8's default young generation, 145-170 MB with 4 MB semi-spaces, and 130-139
    // MB when glibc's malloc also gives blocks of 128 KB and more back at once (the same time; 1,000 notes).
    { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072', _RJEM_MALLOC_CONF: PAGEFIND_MALLOC_CONF },
    ['--max-semi-space-size=4', '--expose-gc'],
  );
  return JSON.parse(await readFile(resultFile, 'utf8')) as SearchSummary;
}

/**
 * Makes the file:// copy of `site` into `out` in a child process (see offline-copy-step.ts). Rejects
 * with the step's own error (its message and code) when it reports one.
 */
export async function runOfflineCopy(site: string, out: string, cacheDir: string): Promise<OfflineCopySummary> {
  let reply: CopyReply | undefined;
  const step = runStep(
    join(root, 'src/cli/offline-copy-step.ts'),
    [site, out, cacheDir],
    'The file:// copy failed (its output is above); nothing was published.',
    process.env,
    // A small young generation: most of what the copy allocates (pages, deflated files) dies at once.
    ['--max-semi-space-size=4'],
    (message) => (reply = message as CopyReply),
  );
  try {
    await step;
  } catch (failure) {
    if (reply?.kind === 'failed') throw Object.assign(new Error(reply.error.message), reply.error);
    throw failure;
  }
  if (reply?.kind !== 'copied')
    throw new ContentError('The file:// copy ended without a summary; nothing was published.');
  return reply.summary;
}
