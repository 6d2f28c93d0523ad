import type { Corpus, NoteRecord, PaperRecord } from '../pipeline/load-corpus.ts';

/**
 * The corpus the pages read: published by the content loader (src/loaders/corpus-loader.ts) once it
 * has loaded and checked the notes, read by src/data/site-data.ts.
 *
 * The loader and the pages run in one process (Astro's content sync, then its page generation, in
 * `astro build`; its in-process module runner in `astro dev`), so the objects are handed over as they
 * are. Astro's content store kept a serialized copy of every note's derived data instead: a build
 * serialized it and loaded it back as a module, and the dev server transformed that module again
 * after every edit, then waited for the store's 500 ms save delay before the page could reload.
 * The store now holds the collections' ids only (see the loader), and the dev server reloads the
 * open page as soon as a new corpus is published (src/integrations/corpus-reload.ts).
 */

/** What a note entry holds besides its frontmatter. */
export type NoteDerived = Omit<
  NoteRecord,
  'title' | 'summary' | 'section' | 'tags' | 'aliases' | 'related' | 'updated' | 'draft' | 'reused'
>;

export interface NoteEntry {
  id: string;
  data: Pick<NoteRecord, 'title' | 'summary' | 'section' | 'tags' | 'aliases' | 'related' | 'updated' | 'draft'> & {
    derived: NoteDerived;
  };
}
export type PaperEntry = PaperRecord;
export type TagEntry = Corpus['tags'][number];
export type SectionEntry = Corpus['sections'][number] & { order: number };

export interface PublishedCorpus {
  /** Counts publications in this process: a page rendered by `npm run dev` carries it (see corpus-reload.ts). */
  generation: number;
  notes: NoteEntry[];
  papers: PaperEntry[];
  tags: TagEntry[];
  sections: SectionEntry[];
}

/** One slot per process, shared by the loader's module and the pages' (bundled or dev) modules. */
interface Slot {
  corpus?: PublishedCorpus;
  listeners: Set<() => void>;
}
const SLOT = Symbol.for('dl-theory.published-corpus');

function slot(): Slot {
  const g = globalThis as { [SLOT]?: Slot };
  return (g[SLOT] ??= { listeners: new Set() });
}

/** A note as the pages read it: its frontmatter, and the rest of its record as `derived`. */
export function noteEntry(note: NoteRecord): NoteEntry {
  const { title, summary, section, tags, aliases, related, updated, draft, reused: _reused, ...derived } = note;
  return { id: note.slug, data: { title, summary, section, tags, aliases, related, updated, draft, derived } };
}

/** Publishes a checked corpus to the pages, and tells the listeners (the dev server's reload). */
export function publishCorpus(corpus: Corpus): PublishedCorpus {
  const s = slot();
  const published: PublishedCorpus = {
    generation: (s.corpus?.generation ?? 0) + 1,
    notes: corpus.notes.map(noteEntry),
    papers: corpus.papers,
    tags: corpus.tags,
    sections: corpus.sections.map((section, order) => ({ ...section, order })),
  };
  const first = s.corpus === undefined;
  s.corpus = published;
  if (!first) for (const listener of s.listeners) listener();
  return published;
}

/** The corpus published last. Each publication is a new object, so it can key a memo. */
export function publishedCorpus(): PublishedCorpus {
  const corpus = slot().corpus;
  if (!corpus)
    throw new Error(
      'No corpus was published: pages read the notes the content loader publishes ' +
        "(src/loaders/corpus-loader.ts), which runs in Astro's content sync before any page.",
    );
  return corpus;
}

/** Calls `listener` after every publication but the first; returns a function that removes it. */
export function onCorpusPublished(listener: () => void): () => void {
  const s = slot();
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}
