import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { settings } from '../settings.ts';
import { createRenderer, type RenderInput, type RenderOutput, type RenderSetup } from './render-note.ts';
import { workerFile } from './worker-file.ts';

/** Below this many notes, starting workers (each loads unified and KaTeX) costs more than it saves. */
const MIN_NOTES_FOR_WORKERS = 48;
const BATCH = 16;

/**
 * Above this many notes one render thread is used: each extra thread (its heap and malloc arena)
 * adds about 250 MB to the build's peak. At 5,000 notes (December 2026 corpus, npm run bench) two
 * threads peaked at 1.99 GB and built in 267 s, one thread at 1.70 GB in 299 s. `DLT_WORKERS=2`
 * chooses the faster build where memory allows.
 */
const MAX_NOTES_FOR_PARALLEL = 2500;

/** How many render threads to use: `DLT_WORKERS` if set, else one per core for mid-sized corpora. */
export function workerCount(notes: number): number {
  const configured = settings().DLT_WORKERS;
  if (configured !== undefined) return configured;
  if (notes < MIN_NOTES_FOR_WORKERS) return 0;
  if (notes > MAX_NOTES_FOR_PARALLEL) return 1;
  return Math.min(availableParallelism(), 8);
}

/**
 * Renders every input, on worker threads when there are enough notes, else in this thread, and
 * hands each result to `onResult` (with its input index) as soon as it exists, so the caller can
 * write the HTML out and let it go instead of holding every note's HTML at once.
 */
export async function renderAll(
  setup: RenderSetup,
  inputs: RenderInput[],
  onResult: (output: RenderOutput, index: number) => Promise<void>,
  threads = workerCount(inputs.length),
): Promise<void> {
  if (threads === 0 || inputs.length === 0) {
    const render = createRenderer(setup);
    for (let i = 0; i < inputs.length; i++) await onResult(render(inputs[i]), i);
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
        (pool.run(batch) as Promise<RenderOutput[]>).then(async (outputs) => {
          for (let k = 0; k < outputs.length; k++) await onResult(outputs[k], start + k);
        }),
      );
    }
    await Promise.all(runs);
  } finally {
    await pool.destroy();
  }
}
