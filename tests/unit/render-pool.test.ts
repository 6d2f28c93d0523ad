import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/pipeline/render-pool.ts';
import { encodeHtml, type EncodedHtml } from '../../src/pipeline/render-cache.ts';
import type { RenderInput, RenderOutput, RenderSetup } from '../../src/pipeline/render-note.ts';
import type { EncodedOutput } from '../../src/pipeline/render-worker.ts';

const setup: RenderSetup = {
  base: '/',
  notes: [
    { slug: 'a', title: 'Note A', aliases: [], path: 'a.md' },
    { slug: 'b', title: 'Note B', aliases: [], path: 'b.md' },
  ],
  labels: [],
  figures: [],
  budgetMs: 1000,
};
const input = (slug: string, body: string): RenderInput => ({
  slug,
  file: `content/notes/${slug}.md`,
  path: `${slug}.md`,
  body,
  bodyLine: 5,
});

async function renderWith(threads: number, inputs: RenderInput[]): Promise<(RenderOutput | EncodedOutput)[]> {
  const outputs: (RenderOutput | EncodedOutput)[] = [];
  await renderAll(setup, inputs, async (out, i) => void (outputs[i] = out), threads);
  return outputs;
}

describe('renderAll', () => {
  const inputs = [
    input('a', 'See [[b]] and $x^2$.'),
    input('b', `Back to [[a]].\n\n${'*a'.repeat(40_000)}`),
    input('a', '## Setup\n\nText.'),
  ];

  it('renders the same on worker threads as in this thread, one result per input, in order', async () => {
    const [inThread, onWorkers] = await Promise.all([renderWith(0, inputs), renderWith(2, inputs)]);
    // Workers hand the HTML over encoded for the cache, with the hash the cache stores it under.
    const encoded = onWorkers.map((o) => o.html as EncodedHtml);
    const strings = inThread.map((o) => o.html as string);
    expect(encoded.map((e) => new TextDecoder().decode(e.bytes))).toEqual(strings);
    expect(encoded.map((e) => e.hash)).toEqual(strings.map((html) => encodeHtml(html).hash));
    expect(onWorkers[0].links.map((l) => l.slug)).toEqual(['b']);
    expect(onWorkers[2].headings.map((h) => h.text)).toEqual(['Setup']);
  });

  it('stops a note past its budget on a worker too, and the other notes still render', async () => {
    const outputs = await renderWith(1, inputs);
    expect(outputs[1].problems.map((p) => p.rule)).toEqual(['render-timeout']);
    expect(outputs[0].problems).toEqual([]);
    expect(outputs[2].problems).toEqual([]);
  });
});
