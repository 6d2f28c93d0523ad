import { workerData } from 'node:worker_threads';
import { createRenderer, type RenderInput, type RenderOutput, type RenderSetup } from './render-note.ts';

/**
 * A render worker: builds one renderer from the corpus setup it was started with, then renders
 * batches of notes. Loaded by Node directly (type stripping), so imports keep their `.ts` suffix.
 */
const render = createRenderer(workerData as RenderSetup);

export default function renderBatch(inputs: RenderInput[]): RenderOutput[] {
  return render.many(inputs);
}
