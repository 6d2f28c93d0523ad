import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { settings } from '../settings.ts';
import { ContentError, formatProblem, hasErrors, summarizeProblems } from '../lib/problems.ts';
import { loadCorpus, type Corpus, type NoteRecord } from '../pipeline/load-corpus.ts';
import { inGlossary } from '../lib/results.ts';

/**
 * Astro content loaders for the four collections. They share one corpus load per build (content is
 * read, checked and rendered once, on worker threads when large), so the notes, papers, tags and
 * sections collections can never disagree, and every problem is printed at once before the build
 * fails. We do not use Astro's glob loader for notes: it logs a note that fails to render and
 * carries on (astro/dist/content/loaders/glob.js), which would publish broken pages.
 */

export type CollectionName = 'notes' | 'papers' | 'tags' | 'sections';

/** What a note entry stores besides its frontmatter. */
export type NoteDerived = Omit<
  NoteRecord,
  'title' | 'summary' | 'section' | 'tags' | 'aliases' | 'related' | 'updated' | 'draft' | 'reused'
>;

let current: { generation: number; promise: Promise<Corpus> } | undefined;
let generation = 0;
let watching = false;
const reloaders = new Set<() => void>();

async function corpusFor(context: LoaderContext): Promise<Corpus> {
  if (!current || current.generation !== generation) {
    const base = context.config.base ?? '/';
    // DLT_CONTENT_ROOT builds another corpus with this site (the benchmark and tests use it).
    const root = pathToFileURL(`${settings().contentRoot}/`);
    const promise = loadCorpus({ root, base }).then((corpus) => {
      const lines = corpus.problems.map(formatProblem);
      if (lines.length > 0) console.error(`\n${lines.join('\n')}\n${summarizeProblems(corpus.problems)}\n`);
      if (settings().DLT_TIMINGS) writeFileSync(`${settings().DLT_TIMINGS}.corpus.json`, JSON.stringify(corpus.stats));
      context.logger.info(
        `${corpus.stats.notes} notes (${corpus.stats.rendered} rendered, ${corpus.stats.reused} reused) ` +
          `and ${corpus.papers.length} papers in ${Math.round(corpus.stats.totalMs)} ms`,
      );
      return corpus;
    });
    current = { generation, promise };
  }
  const corpus = await current.promise;
  if (hasErrors(corpus.problems)) {
    const errors = corpus.problems.filter((p) => p.severity === 'error');
    throw new ContentError(
      `The content has ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above); ` +
        'nothing was published.\n' +
        `First: ${formatProblem(errors[0])}\n` +
        'Run `npm run check:content` to see them all without building.',
    );
  }
  return corpus;
}

function watch(context: LoaderContext, reload: () => void): void {
  reloaders.add(reload);
  if (watching || !context.watcher) return;
  watching = true;
  const root = `${settings().contentRoot}/`;
  let timer: NodeJS.Timeout | undefined;
  context.watcher.add(`${root}content`);
  context.watcher.on('all', (_event, path) => {
    if (!path.startsWith(`${root}content/`)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      generation++;
      for (const r of reloaders) r();
    }, 50);
  });
}

function sync(name: CollectionName, corpus: Corpus, context: LoaderContext): void {
  const { store } = context;
  const keep = new Set<string>();
  const put = (id: string, data: Record<string, unknown>, digest: string) => {
    keep.add(id);
    const existing = store.get(id);
    if (existing && existing.digest === digest) return;
    store.set({ id, data, digest });
  };
  if (name === 'notes') {
    for (const n of corpus.notes) {
      const { title, summary, section, tags, aliases, related, updated, draft, reused: _reused, ...rest } = n;
      // Statements are kept only where the glossary shows them: the others were 47 % of the store
      // (5.7 of 12.2 MB for the real notes), which Astro's dev server transforms again after every edit.
      const results = rest.results.map((r) => (inGlossary(r) ? r : { ...r, statementHtml: '' }));
      const derived = { ...rest, results };
      const data = { title, summary, section, tags, aliases, related, updated, draft, derived };
      put(n.slug, data, context.generateDigest(JSON.stringify(data)));
    }
  } else if (name === 'papers') {
    for (const p of corpus.papers) put(p.key, { ...p }, context.generateDigest(JSON.stringify(p)));
  } else if (name === 'tags') {
    for (const t of corpus.tags) put(t.id, { ...t }, context.generateDigest(JSON.stringify(t)));
  } else {
    corpus.sections.forEach((s, order) =>
      put(s.id, { ...s, order }, context.generateDigest(JSON.stringify({ ...s, order }))),
    );
  }
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
