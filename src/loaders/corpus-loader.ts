import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { settings } from '../settings.ts';
import { ContentError, contentErrorMessage, hasErrors, problemListing } from '../lib/problems.ts';
import type { Corpus } from '../pipeline/load-corpus.ts';
import { publishCorpus } from '../data/corpus-registry.ts';
import { newReloadMemo, type ReloadMemo } from '../pipeline/reload-memo.ts';
import { renderStep } from '../pipeline/render-step.ts';
import { collectGarbage } from '../lib/collect-garbage.ts';
import { watchTree } from './watch-tree.ts';

/**
 * Astro content loaders for the four collections. They share one corpus load per build (content is
 * read, checked and rendered once, on worker threads when large), so the notes, papers, tags and
 * sections collections can never disagree, and every problem is printed at once before the build
 * fails. We do not use Astro's glob loader for notes: it logs a note that fails to render and
 * carries on (astro/dist/content/loaders/glob.js), which would publish broken pages.
 */

export type CollectionName = 'notes' | 'papers' | 'tags' | 'sections';

let current: { generation: number; promise: Promise<Corpus> } | undefined;
/** The load whose corpus the pages read now (src/data/corpus-registry.ts). */
let published: Promise<Corpus> | undefined;
let generation = 0;
let watching = false;
let memo: ReloadMemo | undefined;
const reloaders = new Set<() => void>();

/**
 * Prints what a load found and returns the corpus. After the render step (`from` 'step' when it
 * handed its corpus over, 'cache' when this process loaded it again) the step has printed it.
 */
function report(corpus: Corpus, from: 'load' | 'step' | 'cache', context: LoaderContext): Corpus {
  const { stats } = corpus;
  const listing = from === 'load' ? problemListing(corpus.problems) : undefined;
  if (listing) console.error(listing);
  if (settings().DLT_TIMINGS && from === 'load')
    writeFileSync(`${settings().DLT_TIMINGS}.corpus.json`, JSON.stringify(stats));
  // The step loads for the root and base path the loader is given, so this is a bug to fix.
  if (from === 'cache')
    console.warn(
      `warning: Astro's loader loaded the notes again after the render step (${stats.rendered} rendered ` +
        'again): the step loaded them for another content root or base path. The site is right, but the ' +
        'build took longer.',
    );
  context.logger.info(
    `${stats.notes} notes (${stats.rendered} rendered, ${stats.reused} reused) ` +
      `and ${corpus.papers.length} papers in ${Math.round(stats.totalMs)} ms`,
  );
  return corpus;
}

async function corpusFor(context: LoaderContext): Promise<Corpus> {
  if (!current || current.generation !== generation) {
    const base = context.config.base ?? '/';
    // DLT_CONTENT_ROOT builds another corpus with this site (the benchmark and tests use it).
    const root = pathToFileURL(`${settings().contentRoot}/`);
    // The dev server (the only caller with a watcher) keeps a memo across loads: a reload after an
    // edit reads only the changed files. A build loads once and keeps nothing.
    if (context.watcher) memo ??= newReloadMemo();
    // `npm run build` renders in a process of its own first (src/pipeline/render-step.ts), which
    // prints the problems, stops the build on an error, and sends the corpus it loaded.
    const step = renderStep();
    // Astro's start-up leaves garbage that would wait, uncollected, beside the render step's threads
    // (the build's Astro step runs with --expose-gc; 330-430 MB before, see the README).
    if (step) collectGarbage();
    const promise = (step ?? Promise.resolve(undefined)).then(async (handed) => {
      if (handed && handed.root === root.href && handed.base === base) return report(handed.corpus, 'step', context);
      // Imported only here: a build's loader takes the corpus from the render step, and the pipeline
      // (remark, KaTeX and the site's plugins) would otherwise sit in Astro's process beside the step.
      const { loadCorpus } = await import('../pipeline/load-corpus.ts');
      return report(await loadCorpus({ root, base, memo }), step ? 'cache' : 'load', context);
    });
    current = { generation, promise };
  }
  const load = current;
  const corpus = await load.promise;
  if (hasErrors(corpus.problems)) {
    throw new ContentError(contentErrorMessage(corpus.problems));
  }
  // A corpus with errors is never published (the dev server keeps showing the last good one), nor
  // one a newer load has replaced while it loaded; each load is published once, by its first caller.
  if (load === current && published !== load.promise) {
    published = load.promise;
    publishCorpus(corpus);
  }
  return corpus;
}

function watch(context: LoaderContext, reload: () => void): void {
  reloaders.add(reload);
  if (watching || !context.watcher) return;
  watching = true;
  const root = `${settings().contentRoot}/`;
  let timer: NodeJS.Timeout | undefined;
  // Not through Vite's watcher, which ignores the content folder (see watchTree and astro.config.mjs).
  watchTree(`${root}content`, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      generation++;
      for (const r of reloaders) r();
    }, 50);
  });
}

/**
 * Astro's store holds each collection's ids only: the pages read the entries themselves from the
 * published corpus (src/data/corpus-registry.ts). A store entry changes only when a note, paper, tag
 * or section is added or removed, which is when Astro must list the routes again.
 */
const ID_ONLY = 'id-only';

function sync(name: CollectionName, corpus: Corpus, context: LoaderContext): void {
  const { store } = context;
  const ids =
    name === 'notes'
      ? corpus.notes.map((n) => n.slug)
      : name === 'papers'
        ? corpus.papers.map((p) => p.key)
        : name === 'tags'
          ? corpus.tags.map((t) => t.id)
          : corpus.sections.map((s) => s.id);
  const keep = new Set(ids);
  // The digest marks an id-only entry: an entry stored by an older build, with data, is replaced.
  for (const id of ids) if (store.get(id)?.digest !== ID_ONLY) store.set({ id, data: {}, digest: ID_ONLY });
  for (const id of store.keys()) if (!keep.has(id)) store.delete(id);
}

/** A loader for one of the collections, fed from the shared corpus. */
export function corpusLoader(name: CollectionName): Loader {
  return {
    name: `dl-theory-${name}`,
    load: async (context) => {
      const run = async () => sync(name, await corpusFor(context), context);
      watch(context, () => {
        run().catch((e: Error) => context.logger.error(e.message));
      });
      await run();
    },
  };
}
