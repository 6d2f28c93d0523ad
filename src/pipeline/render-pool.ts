import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { createRenderer, type RenderInput, type RenderOutput, type RenderSetup } from './render-note.ts';

/** Below this many notes, starting workers (each loads unified and KaTeX) costs more than it saves. */
const MIN_NOTES_FOR_WORKERS = 48;
const BATCH = 16;

/** How many render threads to use: `DLT_WORKERS` if set, else one per core for large corpora. */
export function workerCount(notes: number): number {
  const configured = process.env.DLT_WORKERS;
  if (configured !== undefined && configured !== '') return Math.max(0, Number(configured) || 0);
  if (notes < MIN_NOTES_FOR_WORKERS) return 0;
  return Math.min(availableParallelism(), 8);
}

/**
 * Renders every input, on worker threads when there are enough notes, else in this thread.
 * Results come back in input order.
 */
export async function renderAll(setup: RenderSetup, inputs: RenderInput[], projectRoot: URL): Promise<RenderOutput[]> {
  const threads = workerCount(inputs.length);
  if (threads === 0 || inputs.length === 0) {
    const render = createRenderer(setup);
    return inputs.map(render);
  }
  const pool = new Piscina({
    filename: fileURLToPath(new URL('src/pipeline/render-worker.ts', projectRoot)),
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
  });
  try {
    const batches: RenderInput[][] = [];
    for (let i = 0; i < inputs.length; i += BATCH) batches.push(inputs.slice(i, i + BATCH));
    const results = await Promise.all(batches.map((b) => pool.run(b) as Promise<RenderOutput[]>));
    return results.flat();
  } finally {
    await pool.destroy();
  }
}
