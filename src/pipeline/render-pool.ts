import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { LinkIndex } from '../lib/link-resolver.ts';
import { settings } from '../settings.ts';
import { createRenderer, type RenderInput, type RenderOutput, type RenderSetup } from './render-note.ts';
import type { EncodedOutput } from './render-worker.ts';
import { workerFile } from './worker-file.ts';

/** Below this many notes, starting workers (each loads unified and KaTeX) costs more than it saves. */
const MIN_NOTES_FOR_WORKERS = 48;
const BATCH = 16;

/**
 * Above this many notes, rendering inside Astro's process (the dev server, a bare `astro build`)
 * uses one thread: each extra thread (its heap and malloc arena) adds about 250 MB there, and at
 * 5,000 notes two threads raised the Astro step's peak to 1.78 GB.
 */
const MAX_NOTES_FOR_PARALLEL = 2500;
/**
 * In the build's render step (a process of its own, src/pipeline/render-step.ts) two threads at
 * 5,000 notes peak at 1.29-1.35 GB, below the build's own peak while Pagefind's binary writes beside
 * the file:// copy (1.86 GB in all at 5,000 notes), and render in 44-54 s instead of 66-69 s. Above
 * this many notes (not measured) one thread again.
 */
const MAX_NOTES_FOR_PARALLEL_OWN_PROCESS = 6000;

let ownProcess = false;
/** Called by the render step: this process renders and nothing else. */
export function renderingInOwnProcess(): void {
  ownProcess = true;
}

/** How many render threads to use: `DLT_WORKERS` if set, else one per core for mid-sized corpora. */
export function workerCount(notes: number): number {
  const configured = settings().DLT_WORKERS;
  if (configured !== undefined) return configured;
  if (notes < MIN_NOTES_FOR_WORKERS) return 0;
  if (notes > (ownProcess ? MAX_NOTES_FOR_PARALLEL_OWN_PROCESS : MAX_NOTES_FOR_PARALLEL)) return 1;
  return Math.min(availableParallelism(), 8);
}

/**
 * Renders every input, on worker threads when there are enough notes, else in this thread, and
 * hands each result to `onResult` (with its input index) as soon as it exists, so the caller can
 * write the HTML out and let it go instead of holding every note's HTML at once. `index`, when the
 * caller has it, is the link index of `setup.notes`, so rendering in this thread does not build it again.
 */
export async function renderAll(
  setup: RenderSetup,
  inputs: RenderInput[],
  onResult: (output: RenderOutput | EncodedOutput, index: number) => Promise<void>,
  threads = workerCount(inputs.length),
  index?: LinkIndex,
): Promise<void> {
  if (threads === 0 || inputs.length === 0) {
    const render = createRenderer(setup, index);
    for (let start = 0; start < inputs.length; start += BATCH) {
      const outputs = render.many(inputs.slice(start, start + BATCH));
      for (let k = 0; k < outputs.length; k++) await onResult(outputs[k], start + k);
    }
    return;
  }
  const pool = new Piscina({
    filename: workerFile(new URL('./render-worker.ts', import.meta.url), 'src/pipeline/render-worker.ts'),
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    // A small old generation makes V8 collect often instead of growing each worker's heap:
    // rendering keeps little alive between notes (measured: peak RSS drops, time does not change).
    // A young generation capped at 64 MB (V8 gives a worker a larger one by default) lowered the peak
    // of rendering 1,000 notes from 1.09-1.15 GB to 0.92-0.95 GB, in the same time (median of six
    // cold check:content runs each: 12.9 s, 13.05 s); 48 MB saved 90 MB more but took 0.8 s longer.
    resourceLimits: { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 64 },
  });
  try {
    const runs: Promise<void>[] = [];
    for (let start = 0; start < inputs.length; start += BATCH) {
      const batch = inputs.slice(start, start + BATCH);
      runs.push(
        (pool.run(batch) as Promise<EncodedOutput[]>).then(async (outputs) => {
          for (let k = 0; k < outputs.length; k++) await onResult(outputs[k], start + k);
        }),
      );
    }
    await Promise.all(runs);
  } finally {
    await pool.destroy();
  }
}
