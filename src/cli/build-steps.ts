/**
 * The helper processes of `npm run build` (src/cli/build.ts): the Astro step, the Pagefind step and
 * the file:// copy. Each runs in a process of its own, which gives its memory back when it exits.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentError } from '../lib/problems.ts';
import { projectRoot as root } from '../settings.ts';
import { runStep, startStep } from './child-steps.ts';
import { preloadable } from './pagefind-cache.ts';
import type { SearchSummary } from './pagefind-index.ts';
import type { PagefindStepMessage } from './pagefind-step.ts';
import type { OfflineCopySummary } from './offline-files.ts';
import type { CopyReply } from './offline-copy-step.ts';

/** What the Astro step tells the build: its notes are rendered (its render process has exited). */
export type AstroStepMessage = { kind: 'rendered' };

/**
 * Runs the Astro step in a child process (see astro-build.ts); rejects if it fails. `onRendered` is
 * called once the notes are rendered, while Astro goes on with its pages.
 */
export function runAstro(outDir: string, onRendered: () => void = () => {}): Promise<void> {
  // MALLOC_ARENA_MAX: glibc gives each render thread its own malloc arena and keeps what they
  // freed; two arenas cut the Astro step's peak memory by about 75 MB at 5,000 notes, at no cost in time.
  const env = { MALLOC_ARENA_MAX: '2', ...process.env };
  const failure = 'The Astro step failed (its output is above); nothing was published.';
  return runStep(join(root, 'src/cli/astro-build.ts'), [outDir], failure, env, ['--expose-gc'], (message) => {
    if ((message as AstroStepMessage).kind === 'rendered') onRendered();
  });
}

export type { SearchSummary } from './pagefind-index.ts';

/**
 * jemalloc's settings for Pagefind's binary (its Linux builds allocate with jemalloc, which reads them
 * from `_RJEM_MALLOC_CONF`). By default it keeps an arena per thread of the binary's pool; with one, the
 * write of a 1,340-page bundle peaked at 1,085 MB instead of 1,250-1,270 MB in the same time (5,000
 * notes, the step alone, several runs each). Giving freed pages back at once (`dirty_decay_ms:0`) went
 * down to 1,000 MB but took a quarter more time.
 */
export const PAGEFIND_MALLOC_CONF = 'narenas:1';

/**
 * The Pagefind step (see pagefind-step.ts) over the staged site. `preload` starts it before the site
 * exists, when the last build's pages can be preloaded (one bundle, see preloadBundle): the build
 * calls it once the notes are rendered, so that Pagefind adds the last build's pages while Astro
 * generates the new ones, after the render process's memory is back. `index` starts the step if it
 * is not running, tells it the site is there, and resolves with its summary when it exits.
 */
export class SearchStep {
  readonly #args: string[];
  readonly #resultFile: string;
  #step: { child: ChildProcess; done: Promise<void> } | undefined;

  constructor(site: string, cacheDir: string, resultFile: string) {
    this.#args = [site, resultFile, cacheDir];
    this.#resultFile = resultFile;
  }

  async preload(): Promise<void> {
    const cacheDir = this.#args[2]!;
    if (this.#step || !(await preloadable(cacheDir))) return;
    this.#step ??= this.#start(['--preload'], () => {});
    this.#step.done.catch(() => {}); // awaited by index()
  }

  async index(): Promise<SearchSummary> {
    const step = (this.#step ??= this.#start([]));
    if (step.child.connected) step.child.send({ kind: 'index' } satisfies PagefindStepMessage);
    await step.done;
    return JSON.parse(await readFile(this.#resultFile, 'utf8')) as SearchSummary;
  }

  #start(extra: string[], onMessage?: (message: unknown) => void) {
    return startStep(
      join(root, 'src/cli/pagefind-step.ts'),
      [...this.#args, ...extra],
      'The search index step failed (its output is above); nothing was published.',
      // The step only reads pages and hands them on, but beside Pagefind's binary at the build's peak
      // it held 250-280 MB with V8's default young generation, 145-170 MB with 4 MB semi-spaces, and
      // 130-139 MB when glibc's malloc also gives blocks of 128 KB and more back at once (the same
      // time; 1,000 notes).
      { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072', _RJEM_MALLOC_CONF: PAGEFIND_MALLOC_CONF },
      ['--max-semi-space-size=4', '--expose-gc'],
      onMessage,
    );
  }
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
    // glibc's malloc gives blocks of 128 KB and more (pages, deflated files) back as soon as they are
    // freed: the copy alone on the 5,000-note site peaked at 189 MB instead of 226 MB (the same time),
    // and it runs beside Pagefind's binary at the build's peak.
    { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' },
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
