import type { CitationLabel } from '../lib/citations.ts';
import type { LinkableNote, LinkIndex } from '../lib/link-resolver.ts';
import { fingerprintContextKey, renderFingerprint, rendererVersion } from './fingerprint.ts';
import type { RawNote } from './read-content.ts';
import type { FigureSource } from './read-figures.ts';
import { RenderCache, type CachedRender } from './render-cache.ts';
import { RETOUCH_MS, type ReloadMemo } from './reload-memo.ts';
import type { RenderInput, RenderMeta } from './render-note.ts';
import { renderAll } from './render-pool.ts';

/** What the render phase needs besides the notes. */
export interface RenderPhaseInput {
  notes: readonly RawNote[];
  linkable: LinkableNote[];
  index: LinkIndex;
  /** Every note's names, as one string (see claimNames): with a memo, lets reused renders skip their fingerprint. */
  namesKey?: string;
  labels: ReadonlyMap<string, CitationLabel>;
  figures: [string, FigureSource][];
  figureHashes: ReadonlyMap<string, string>;
  base: string;
  cache: RenderCache;
  budgetMs?: number;
  checkCitations?: boolean;
  /** `npm run dev`'s memo: the cached renders this process last read or wrote. */
  memo?: ReloadMemo;
  /** The renderer's version (rendererVersion), if the caller has it already. */
  renderer?: string;
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
 * A note's cached render: from the memo when this process read or wrote it (its HTML file touched
 * again once an hour, see RETOUCH_MS), else from the cache folder.
 */
async function readCached(cache: RenderCache, slug: string, memo?: ReloadMemo): Promise<CachedRender | undefined> {
  const known = memo?.renders.get(slug);
  if (known) {
    if (Date.now() - known.touched < RETOUCH_MS) return known.entry;
    if (await cache.touch(known.entry.htmlHash)) {
      known.touched = Date.now();
      return known.entry;
    }
  }
  const entry = await cache.read(slug);
  if (entry && memo) memo.renders.set(slug, { entry, touched: Date.now() });
  else memo?.renders.delete(slug);
  return entry;
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
    renderer: input.renderer ?? (await rendererVersion()),
  };
  const sourceHashes = notes.map((n) => n.sourceHash);
  const htmlHashes: string[] = [];
  const previousLabels = new Map<string, Set<string>>();
  // Under the memo, a render whose fingerprint matched under this same context matches again.
  const context = input.memo && input.namesKey !== undefined ? fingerprintContextKey(ctx, input.namesKey) : undefined;
  const outputs: (RenderMeta | undefined)[] = await Promise.all(
    notes.map(async (n, i) => {
      const prev = await readCached(cache, n.slug, input.memo);
      if (prev)
        previousLabels.set(
          n.slug,
          new Set([...(prev.output.results ?? []), ...(prev.output.equations ?? [])].map((r) => r.label)),
        );
      if (!prev || prev.sourceHash !== sourceHashes[i] || prev.output.problems.length > 0) return undefined;
      const known = input.memo?.renders.get(n.slug);
      const checked = context !== undefined && known?.entry === prev && known.checked === context;
      if (!checked && renderFingerprint(prev.output.deps, ctx) !== prev.fingerprint) return undefined;
      if (known?.entry === prev) known.checked = context;
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
  const onResult: Parameters<typeof renderAll>[2] = async (out, j) => {
    const i = toRenderIndex[j];
    const { html, ...meta } = out;
    outputs[i] = meta;
    const entry = { sourceHash: sourceHashes[i], fingerprint: renderFingerprint(out.deps, ctx), output: meta };
    htmlHashes[i] = await cache.write(notes[i].slug, entry, html);
    const known = { entry: { ...entry, htmlHash: htmlHashes[i] }, touched: Date.now(), checked: context };
    input.memo?.renders.set(notes[i].slug, known);
  };
  await renderAll(setup, toRender, onResult, undefined, input.index);
  if (input.memo) {
    const slugs = new Set(notes.map((n) => n.slug));
    for (const slug of input.memo.renders.keys()) if (!slugs.has(slug)) input.memo.renders.delete(slug);
  }
  await cache.prune(htmlHashes);
  return {
    outputs: outputs as RenderMeta[],
    htmlFiles: htmlHashes.map((h) => cache.htmlPath(h)),
    reused,
    previousLabels,
    ms: performance.now() - started,
  };
}
