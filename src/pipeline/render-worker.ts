import { workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { encodeHtml, type EncodedHtml } from './render-cache.ts';
import { createRenderer, type RenderInput, type RenderMeta, type RenderSetup } from './render-note.ts';

/**
 * A render worker: builds one renderer from the corpus setup it was started with, then renders
 * batches of notes. Loaded by Node directly (type stripping), so imports keep their `.ts` suffix.
 */
const render = createRenderer(workerData as RenderSetup);

/** A render as a worker hands it over: its HTML encoded for the cache. */
export type EncodedOutput = RenderMeta & { html: EncodedHtml };

/**
 * Renders a batch and hands each note's HTML over as UTF-8 bytes, moved rather than copied: sent as
 * strings, the HTML of 1,000 notes (440 MB) was copied into the receiving thread, which encoded
 * and hashed it there, beside the render threads, and grew a 128 MB young generation doing so.
 */
export default function renderBatch(inputs: RenderInput[]) {
  const outputs: EncodedOutput[] = render
    .many(inputs)
    .map(({ html, ...meta }) => ({ ...meta, html: encodeHtml(html) }));
  return Piscina.move({
    [Piscina.transferableSymbol]: outputs.map((o) => o.html.bytes.buffer),
    [Piscina.valueSymbol]: outputs,
  } as unknown as Parameters<typeof Piscina.move>[0]) as unknown as EncodedOutput[];
}
