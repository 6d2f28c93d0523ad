import type { CitationLabel } from '../lib/citations.ts';
import type { LinkableNote, LinkIndex } from '../lib/link-resolver.ts';
import { hashOf, renderFingerprint, rendererVersion } from './fingerprint.ts';
import type { FigureSource, RawNote } from './read-content.ts';
import { RenderCache } from './render-cache.ts';
import type { RenderInput, RenderMeta } from './render-note.ts';
import { renderAll } from './render-pool.ts';

/** What the render phase needs besides the notes. */
export interface RenderPhaseInput {
  notes: readonly RawNote[];
  linkable: LinkableNote[];
  index: LinkIndex;
  labels: ReadonlyMap<string, CitationLabel>;
  figures: [string, FigureSource][];
  figureHashes: ReadonlyMap<string, string>;
  base: string;
  cache: RenderCache;
  budgetMs?: number;
  checkCitations?: boolean;
}

/** Every note's render: what it found, the file holding its HTML, and whether it was reused. */
export interface RenderedNotes {
  outputs: RenderMeta[];
  htmlFiles: string[];
  reused: boolean[];
  /** The result and equation labels each note had in its previous render, to tell a renamed label. */
  previousLabels: Map<string, Set<string>>;
  ms: number;
}

/**
 * Renders every note whose source or dependencies changed since its cached render, reuses the
 * others, and fixes each note's HTML file (content-addressed, so what this load checked is what
 * a build publishes even if another process re-renders meanwhile).
 */
export async function renderNotes(input: RenderPhaseInput): Promise<RenderedNotes> {
  const started = performance.now();
  const { notes, cache } = input;
  const ctx = {
    index: input.index,
    labels: input.labels,
    figureHashes: input.figureHashes,
    base: input.base,
    renderer: await rendererVersion(),
  };
  const sourceHashes = notes.map((n) => hashOf([n.body, n.bodyLine, n.path, n.slug]));
  const htmlHashes: string[] = [];
  const previousLabels = new Map<string, Set<string>>();
  const outputs: (RenderMeta | undefined)[] = await Promise.all(
    notes.map(async (n, i) => {
      const prev = await cache.read(n.slug);
      if (prev)
        previousLabels.set(
          n.slug,
          new Set([...(prev.output.results ?? []), ...(prev.output.equations ?? [])].map((r) => r.label)),
        );
      if (!prev || prev.sourceHash !== sourceHashes[i] || prev.output.problems.length > 0) return undefined;
      if (renderFingerprint(prev.output.deps, ctx) !== prev.fingerprint) return undefined;
      htmlHashes[i] = prev.htmlHash;
      return prev.output;
    }),
  );
  const reused = outputs.map((o) => o !== undefined);
  const toRender: RenderInput[] = [];
  const toRenderIndex: number[] = [];
  notes.forEach((n, i) => {
    if (outputs[i]) return;
    toRender.push({ slug: n.slug, file: n.file, path: n.path, body: n.body, bodyLine: n.bodyLine });
    toRenderIndex.push(i);
  });
  const setup = {
    base: input.base,
    notes: input.linkable,
    labels: [...input.labels],
    figures: input.figures,
    budgetMs: input.budgetMs,
    checkCitations: input.checkCitations,
  };
  await renderAll(setup, toRender, async (out, j) => {
    const i = toRenderIndex[j];
    const { html, ...meta } = out;
    outputs[i] = meta;
    htmlHashes[i] = await cache.write(
      notes[i].slug,
      { sourceHash: sourceHashes[i], fingerprint: renderFingerprint(out.deps, ctx), output: meta },
      html,
    );
  });
  await cache.prune(htmlHashes);
  return {
    outputs: outputs as RenderMeta[],
    htmlFiles: htmlHashes.map((h) => cache.htmlPath(h)),
    reused,
    previousLabels,
    ms: performance.now() - started,
  };
}
