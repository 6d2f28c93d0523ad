import { buildAuthorIndex, type AuthorGroup } from '../lib/authors.ts';
import { paperEntry, texFields } from '../lib/bibtex-export.ts';
import type { CitationLabel } from '../lib/citations.ts';
import type { GraphViewNote } from '../lib/graph-views.ts';
import { fillUsedIn, inGlossary, refLookup, resolveRefTokens, usedInHtml, type NoteResult } from '../lib/results.ts';
import { hashJson, sharedNoteView, sharedView } from '../lib/page-keys.ts';
import { noteUrl } from '../lib/slugs.ts';
import { settings } from '../settings.ts';
import { byTitle, orderNotes, type NoteSummary } from '../lib/site-order.ts';
import {
  publishedCorpus,
  type NoteEntry,
  type PaperEntry,
  type PublishedCorpus,
  type SectionEntry,
  type TagEntry,
} from './corpus-registry.ts';

/**
 * The adapter between the published corpus (src/data/corpus-registry.ts) and the pages: once per
 * corpus (memoised), it sorts the entries and precomputes the lookups pages need, so no page does
 * work that grows with the number of notes times the number of pages.
 */

export type { NoteEntry, PaperEntry, SectionEntry, TagEntry };

export interface SiteData {
  notes: NoteEntry[];
  /** Notes in home-page order: by section, then the section's hub first, then by title. */
  ordered: NoteSummary[];
  bySlug: Map<string, NoteEntry>;
  papers: PaperEntry[];
  papersByKey: Map<string, PaperEntry>;
  labels: Map<string, CitationLabel>;
  tags: TagEntry[];
  tagsById: Map<string, TagEntry>;
  sections: SectionEntry[];
  sectionsById: Map<string, SectionEntry>;
  notesByTag: Map<string, NoteSummary[]>;
  papersByTag: Map<string, PaperEntry[]>;
  /** Every author, spellings merged, by family name (src/lib/authors.ts). */
  authors: AuthorGroup[];
  authorsBySlug: Map<string, AuthorGroup>;
  /** Paper key → the slug of each of its authors, in author order. */
  authorSlugs: Map<string, string[]>;
  /**
   * The papers as exported BibTeX entries, in the order of `keys`; read from the TeX source on first use (about a
   * second).
   */
  bibtexEntries: (keys: readonly string[]) => string[];
  /** Every note as the map and the neighbourhood drawings need it (slug → note). */
  graphNotes: Map<string, GraphViewNote>;
  /** The reading path for newcomers, in order (content/reading-path.yml). */
  readingPath: { slug: string; title: string; why: string }[];
  /** Every result, grouped by note in home-page order. */
  resultsByNote: { slug: string; title: string; results: NoteResult[] }[];
  /** The definitions, alphabetical by term (their title, or the note's title for an untitled one). */
  glossary: { term: string; slug: string; noteTitle: string; result: NoteResult }[];
  /** Resolves the reference tokens in a body or a context sentence ("Theorem 2 in Note"). */
  resolveRefs: (html: string) => string;
  /** A result's statement shown away from its note: references resolved, in-note links made absolute. */
  statementHtml: (slug: string, html: string) => string;
  /** A note's body as pages show it: references resolved, "Used in" lists filled. */
  noteBody: (slug: string, html: string) => string;
  /**
   * The incremental build's cache key of a page showing `own` (src/lib/page-keys.ts): it changes when
   * `own` changes or when anything any page may show of another note or paper does. None in dev.
   */
  pageKey: (own: unknown) => string | undefined;
}

let cache: { key: PublishedCorpus; value: SiteData } | undefined;

/**
 * The BibTeX export of papers by key, made on first use (the .bib pages need it, other pages do not)
 * from each paper's fields in TeX, which the corpus loader caches with its parse of the bibliography
 * (read-bibliography.ts); papers without them (built in tests) are read here.
 */
function bibtexExporter(papers: readonly PaperEntry[]): SiteData['bibtexEntries'] {
  let exported: Map<string, string> | undefined;
  return (keys) => {
    if (!exported) {
      const missing = papers.filter((p) => p.tex === undefined);
      const tex = missing.length > 0 ? texFields(missing.map((p) => p.bibtex).join('\n\n')) : new Map();
      exported = new Map(papers.map((p) => [p.key, paperEntry(p, p.tex ?? tex.get(p.key) ?? {})]));
    }
    const bib = exported;
    return keys.map((k) => {
      const entry = bib.get(k);
      if (entry === undefined) throw new Error(`No paper "${k}" in the bibliography to export`);
      return entry;
    });
  };
}

/** A note as the map and the neighbourhood diagrams draw it. */
function graphNoteOf(n: NoteEntry): GraphViewNote {
  const { links, backlinks } = n.data.derived;
  return {
    slug: n.id,
    title: n.data.title,
    section: n.data.section,
    links: links.map((l) => l.slug),
    backlinks: backlinks.map((b) => b.slug),
  };
}

/** A note's body as pages show it: references to results resolved, and each result's "Used in" list filled. */
function noteBodyFiller(
  notes: readonly NoteEntry[],
  resolveRefs: (html: string) => string,
  base: string,
): SiteData['noteBody'] {
  const titles = new Map(notes.map((n) => [n.id, n.data.title]));
  const usesOf = new Map(notes.map((n) => [n.id, n.data.derived.usedIn]));
  return (slug, html) => {
    const uses = usesOf.get(slug) ?? {};
    const place = (u: { slug: string; contexts: string[] }) => ({
      href: noteUrl(base, u.slug),
      title: titles.get(u.slug) ?? u.slug,
      contexts: u.contexts.map(resolveRefs),
    });
    return fillUsedIn(resolveRefs(html), (label) => usedInHtml((uses[label] ?? []).map(place)));
  };
}

/**
 * Page keys for the incremental build: a page's own data with a digest of everything any page may
 * show of another note or paper (computed on first use).
 */
function pageKeys(
  notes: NoteEntry[],
  papers: PaperEntry[],
  tags: TagEntry[],
  sections: unknown[],
): SiteData['pageKey'] {
  let digest: string | undefined;
  const where = () => [settings().DLT_SITE, settings().DLT_BASE, settings().DLT_EDIT_BASE];
  const siteDigest = () =>
    (digest ??= hashJson({
      notes: notes.map(sharedNoteView),
      papers: papers.map(sharedView),
      tags,
      sections,
      where: where(),
    }));
  return (own) => hashJson([siteDigest(), own]);
}

/** Items by tag id, in the order given, with an empty list for a tag nothing has. */
function groupByTag<T extends { tags: readonly string[] }>(
  tags: readonly { id: string }[],
  items: readonly T[],
): Map<string, T[]> {
  const out = new Map<string, T[]>(tags.map((t) => [t.id, []]));
  for (const item of items) for (const t of item.tags) out.get(t)?.push(item);
  return out;
}

/** The glossary: every definition, by its title (or its note's), in alphabetical order. */
function glossaryOf(resultsByNote: SiteData['resultsByNote']): SiteData['glossary'] {
  return resultsByNote
    .flatMap((g) =>
      g.results
        .filter(inGlossary)
        .map((r) => ({ term: r.title || g.title, slug: g.slug, noteTitle: g.title, result: r })),
    )
    .sort((a, b) => byTitle(a.term, b.term));
}

function build(corpus: PublishedCorpus): SiteData {
  const { notes, sections } = corpus;
  const ordered = orderNotes(
    notes.map((n) => ({
      slug: n.id,
      title: n.data.title,
      summary: n.data.summary,
      section: n.data.section,
      tags: n.data.tags,
      readingMinutes: n.data.derived.readingMinutes,
      words: n.data.derived.words,
    })),
    sections.map((s) => s.id),
  );
  const papers = [...corpus.papers].sort((a, b) => a.key.localeCompare(b.key));
  const authorIndex = buildAuthorIndex(papers);
  const bibtexEntries = bibtexExporter(papers);
  const tags = [...corpus.tags].sort((a, b) => a.title.localeCompare(b.title));
  const notesByTag = groupByTag(tags, ordered);
  const papersByTag = groupByTag(tags, papers);
  const lookup = refLookup({
    notes: new Map(
      notes.map((n) => [
        n.id,
        { title: n.data.title, results: n.data.derived.results, equations: n.data.derived.equations },
      ]),
    ),
  });
  const resolveRefs = (html: string) => resolveRefTokens(html, lookup);
  const base = import.meta.env.BASE_URL;
  const noteBody = noteBodyFiller(notes, resolveRefs, base);
  const bySlug = new Map(notes.map((n) => [n.id, n]));
  const resultsByNote = ordered
    .map((o) => ({ slug: o.slug, title: o.title, results: bySlug.get(o.slug)?.data.derived.results ?? [] }))
    .filter((g) => g.results.length > 0);
  const glossary = glossaryOf(resultsByNote);
  const readingPath = notes
    .filter((n) => n.data.derived.readingStep)
    .sort((a, b) => (a.data.derived.readingStep?.index ?? 0) - (b.data.derived.readingStep?.index ?? 0))
    .map((n) => ({ slug: n.id, title: n.data.title, why: n.data.derived.readingStep?.why ?? '' }));
  const graphNotes = new Map(notes.map((n) => [n.id, graphNoteOf(n)]));
  return {
    // `npm run dev` has no incremental build, and the first key digests every note (about 0.1 s at
    // 1,000 notes), which every route listing would pay again after each edit.
    pageKey: import.meta.env.DEV ? () => undefined : pageKeys(notes, papers, tags, sections),
    notes,
    ordered,
    graphNotes,
    readingPath,
    resultsByNote,
    glossary,
    resolveRefs,
    noteBody,
    statementHtml: (slug, html) => resolveRefs(html).replaceAll('href="#', `href="${noteUrl(base, slug)}#`),
    bySlug,
    papers,
    papersByKey: new Map(papers.map((p) => [p.key, p])),
    authors: authorIndex.authors,
    authorsBySlug: new Map(authorIndex.authors.map((a) => [a.slug, a])),
    authorSlugs: authorIndex.byPaper,
    bibtexEntries,
    labels: new Map(papers.map((p) => [p.key, p.label])),
    tags,
    tagsById: new Map(tags.map((t) => [t.id, t])),
    sections,
    sectionsById: new Map(sections.map((s) => [s.id, s])),
    notesByTag,
    papersByTag,
  };
}

/** The site's data, computed once per published corpus: once per build, again in dev after an edit. */
export async function getSiteData(): Promise<SiteData> {
  const corpus = publishedCorpus();
  if (!cache || cache.key !== corpus) cache = { key: corpus, value: build(corpus) };
  return cache.value;
}
