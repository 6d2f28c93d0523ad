/**
 * `npm run build` renders the notes in a process of its own (src/cli/render-step.ts), started by
 * the Astro step (src/cli/astro-build.ts) just before Astro, so that Astro's start-up runs while
 * the notes render; Astro's content loader waits for it and takes the corpus it sends (the notes'
 * bodies are in the render cache). When the render process exits, the memory of its threads goes
 * back to the system. Rendered inside Astro's process, that memory stayed through page generation
 * (about 1 GB held after the threads were destroyed, returned some seconds later): Astro's process
 * peaked at 1.19-1.27 GB at 1,000 notes, 0.90-0.97 GB now, and 5,000 notes can render on two
 * threads (render-pool.ts).
 *
 * The Astro step and its loader share one process but not one copy of this module (Node loads it
 * for astro-build.ts, Vite's module runner again for the loader), so the step is kept on globalThis.
 * The dev server and a bare `astro build` start no step, and their loader renders by itself.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { deserialize } from 'node:v8';
import { join } from 'node:path';
import { ContentError } from '../lib/problems.ts';
import { projectRoot } from '../settings.ts';
import type { Corpus } from './load-corpus.ts';

const KEY = Symbol.for('dl-theory.render-step');
type Holder = { [KEY]?: Promise<LoadedCorpus | undefined> };

/**
 * The corpus the step loaded, handed to the loader so that it need not load the notes again (about
 * 1 s at 1,000 notes and 3.7 s at 5,000, on the path to Astro's pages; the message takes 0.1 s), with
 * the content root and base path it was loaded for.
 */
export interface LoadedCorpus {
  kind: 'loaded';
  root: string;
  base: string;
  corpus: Corpus;
}

/**
 * How the corpus travels: serialized by the step (`v8.serialize`), and read by the Astro step only
 * once the render process is gone. Sent as objects, the corpus was rebuilt in Astro's process (about
 * 80 MB at 1,000 notes) on arrival, while the render process still held its threads' memory: the
 * highest point of the build's memory before Pagefind.
 */
export interface LoadedCorpusMessage {
  kind: 'loaded';
  root: string;
  base: string;
  corpus: Uint8Array;
}

/** What the render process sends before it exits with status 1: the build's error message. */
export interface RenderStepFailure {
  kind: 'failed';
  message: string;
}

/**
 * Starts `node src/cli/render-step.ts` with this process's environment and output, and registers
 * it for the loader. The promise resolves when it exits with status 0, with the corpus it sent, and
 * rejects with a ContentError otherwise. The process is killed if this one exits first (a failed
 * Astro step). The corpus is serialized by V8 (`v8.serialize`, see LoadedCorpusMessage): Dates,
 * Maps and Sets in it arrive as they left.
 */
export function startRenderStep(): Promise<LoadedCorpus | undefined> {
  const child = spawn(process.execPath, [join(projectRoot, 'src/cli/render-step.ts')], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const stop = () => child.kill('SIGKILL');
  process.on('exit', stop);
  let message: string | undefined;
  let loaded: LoadedCorpusMessage | undefined;
  child.on('message', (m: RenderStepFailure | LoadedCorpusMessage) => {
    if (m.kind === 'loaded') loaded = m;
    else message = m.message;
  });
  const done = new Promise<LoadedCorpus | undefined>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('exit', stop);
      if (code === 0) resolve(loaded && { ...loaded, corpus: deserialize(loaded.corpus) as Corpus });
      else
        reject(
          new ContentError(
            message ??
              `The notes could not be rendered (${signal ?? `exit status ${code}`}, see above); nothing was published.`,
          ),
        );
    });
  });
  // The loader awaits it later; a failure before then is not an unhandled rejection.
  done.catch(() => {});
  (globalThis as Holder)[KEY] = done;
  return done;
}

/** The render step this process started, if any (see startRenderStep). */
export function renderStep(): Promise<LoadedCorpus | undefined> | undefined {
  return (globalThis as Holder)[KEY];
}

/**
 * From this many notes on, a build that renders most of them loads Astro only once they are rendered.
 * Astro's process waiting for the corpus holds 260-310 MB (Vite, Rollup's native binding, the config),
 * and the render step's two threads grow to about 1 GB rendering 5,000 notes: side by side they took
 * the 5,000-note build to 1,367 MB. Loaded afterwards, Astro's start-up (about 2 s) no longer overlaps
 * the render, a small part of a build that long. A smaller corpus, or one mostly in the render cache
 * (a rebuild: the step then renders a few notes and its threads never start), keeps the overlap.
 */
export const LARGE_CORPUS = 2500;

/**
 * Whether the render step is about to render most notes of a large corpus: at least LARGE_CORPUS
 * note files in `notesDir`, and cached renders in `cacheDir` for fewer than half of them. A cache of
 * renders made by other code (a changed renderer renders every note again) counts as warm here.
 */
export async function rendersLargeCorpus(notesDir: string, cacheDir: string): Promise<boolean> {
  const count = async (dir: string, ext: string, recursive: boolean) =>
    (await readdir(dir, { recursive }).catch(() => [] as string[])).filter((name) => name.endsWith(ext)).length;
  const notes = await count(notesDir, '.md', true);
  return notes >= LARGE_CORPUS && (await count(cacheDir, '.json', false)) < notes / 2;
}
