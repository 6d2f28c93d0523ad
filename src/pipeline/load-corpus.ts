import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../lib/bibtex.ts';
import { citationLabels, type CitationLabel } from '../lib/citations.ts';
import { citingNotes, nameConflictProblems } from '../lib/corpus-checks.ts';
import { buildLinkIndex, type LinkableNote, type LinkIndex } from '../lib/link-resolver.ts';
import { sortProblems, type Problem } from '../lib/problems.ts';
import { ANY_FIGURE } from '../lib/raster-figures.ts';
import { readingStepSchema, sectionSchema, tagSchema, type Section, type Tag } from '../schemas/taxonomy.ts';
import { CONTENT, gitDates, listFiles, pathIn, readText, readYamlList } from './content-files.ts';
import { bibliographyCode, readBibliography } from './read-bibliography.ts';
import { readNotes, type RawNote } from './read-content.ts';
import { readFigures } from './read-figures.ts';
import { anchorTargets, linkRecords, noteRecord, placeReadingPath, type NoteRecord } from './note-records.ts';
import { defaultCacheDir, RenderCache, touchAndPrune } from './render-cache.ts';
import { rendererVersion } from './fingerprint.ts';
import { renderNotes } from './render-corpus.ts';
import type { ReloadMemo } from './reload-memo.ts';

export interface CorpusOptions {
  /** The folder that holds `content/` (a directory URL ending in `/`): the project root, or another corpus. */
  root: URL;
  /** Site base path, e.g. `/` or `/dl-theory/`. */
  base: string;
  /**
   * Where rendered notes are written and reused from (see RenderCache). Defaults to a folder under
   * node_modules/.cache keyed by the content root and base path.
   */
  cacheDir?: string;
  /** How long one note may take to render; default DLT_NOTE_BUDGET_MS (20 s). */
  noteBudgetMs?: number;
  /** Kept by `npm run dev` from one load to the next (see ReloadMemo); a build passes none. */
  memo?: ReloadMemo;
}

export type { NoteRecord } from './note-records.ts';

export interface PaperRecord extends Paper {
  /** Notes citing the paper, each with its citing sentences and the id of its first citation. */
  citedIn: { slug: string; contexts: string[]; anchor: string }[];
  label: CitationLabel;
}

export interface Corpus {
  notes: NoteRecord[];
  papers: PaperRecord[];
  sections: Section[];
  tags: Tag[];
  problems: Problem[];
  stats: { notes: number; rendered: number; reused: number; renderMs: number; totalMs: number };
}

/** Every content file but the notes' text: taxonomies, bibliography, figure and note lists, dates, reading path. */
async function readContent(root: URL, problems: Problem[]) {
  const hasPath = existsSync(pathIn(root, CONTENT.readingPath));
  const [sectionList, tagList, bibText, figureFiles, noteFiles, dates, pathSteps, pathText] = await Promise.all([
    readYamlList(root, CONTENT.sections, sectionSchema, problems),
    readYamlList(root, CONTENT.tags, tagSchema, problems),
    readText(root, CONTENT.bibliography, problems),
    listFiles(root, CONTENT.figures, ANY_FIGURE, false, problems),
    listFiles(root, CONTENT.notes, /\.md$/i, true, problems),
    gitDates(root, CONTENT.notes),
    hasPath ? readYamlList(root, CONTENT.readingPath, readingStepSchema, problems) : undefined,
    hasPath ? readText(root, CONTENT.readingPath, []) : undefined,
  ]);
  return { sectionList, tagList, bibText, figureFiles, noteFiles, dates, pathSteps, pathText };
}

/**
 * The names each note can be linked by (slug, title, aliases, path), with clashes between notes
 * reported. With `npm run dev`'s memo, `key` is those names as one string: the memo keeps the index
 * built from them (ReloadMemo.names), built again only when a note's names changed, and a cached
 * render checked under the same key need not be fingerprinted again (renderNotes). A build needs
 * neither.
 */
function claimNames(
  notes: RawNote[],
  problems: Problem[],
  memo: ReloadMemo | undefined,
): { linkable: LinkableNote[]; index: LinkIndex; key: string | undefined } {
  const linkable = notes.map((n) => ({
    slug: n.slug,
    title: n.frontmatter.title,
    aliases: n.frontmatter.aliases,
    path: n.path,
  }));
  const key = memo ? JSON.stringify(linkable) : undefined;
  const names = key !== undefined && memo?.names?.key === key ? memo.names : buildLinkIndex(linkable);
  if (memo && key !== undefined) memo.names = { key, ...names };
  if (names.conflicts.length > 0)
    problems.push(
      ...nameConflictProblems(
        names.conflicts,
        notes.map((n) => ({ ...n, title: n.frontmatter.title })),
      ),
    );
  return { linkable, index: names.index, key };
}

/**
 * What a build keeps for the next in the render cache's folder, beside each note's `<slug>.json` (a
 * slug has no dot): the parsed bibliography (read-bibliography.ts) and the related-notes ranking
 * (note-records.ts).
 */
const BIBLIOGRAPHY_FILE = 'bibliography.parse.json';
const RELATED_FILE = 'related.rank.json';

/**
 * Reads, checks and renders the whole content folder, in named phases: reading the content,
 * reading the notes, rendering what changed, then the checks that need every note. The site's
 * loaders and `npm run check:content` both call this, so they report the same problems. Every
 * problem is collected; none stops the others from being found.
 */
export async function loadCorpus(options: CorpusOptions): Promise<Corpus> {
  const started = performance.now();
  const { root, base } = options;
  const problems: Problem[] = [];

  // Reading the content.
  const { sectionList, tagList, bibText, figureFiles, noteFiles, dates, pathSteps, pathText } = await readContent(
    root,
    problems,
  );
  // A taxonomy file that cannot be read is reported once; checking every note against an empty
  // list would bury that one problem under one false "unknown" per note.
  const sectionIds = sectionList?.ids;
  const tagIds = tagList?.ids;
  const cacheDir = options.cacheDir ?? defaultCacheDir(root, base);
  const renderer = await rendererVersion();
  const bibCache = { file: join(cacheDir, BIBLIOGRAPHY_FILE), code: await bibliographyCode(renderer) };
  const papers = readBibliography(bibText, tagIds, problems, bibCache);
  const labels = citationLabels(papers);
  const { figures, hashes: figureHashes } = await readFigures(root, figureFiles, problems);

  // Reading the notes, and the names they claim.
  const notes = await readNotes(root, noteFiles.sort(), sectionIds, tagIds, problems, options.memo);
  const { linkable, index, key: namesKey } = claimNames(notes, problems, options.memo);

  // Rendering what changed.
  const cache = new RenderCache(cacheDir);
  if (!options.cacheDir) await touchAndPrune(cache.dir);
  const rendered = await renderNotes({
    notes,
    linkable,
    index,
    namesKey,
    labels,
    figures,
    figureHashes,
    base,
    cache,
    budgetMs: options.noteBudgetMs,
    checkCitations: bibText !== undefined,
    memo: options.memo,
    renderer,
  });
  const { outputs } = rendered;

  // The checks that need every note: links to headings, results and equations, related notes, the
  // link graph, orphans; then where each result is used.
  const targets = anchorTargets(notes, outputs);
  const records = notes.map((n, i) => noteRecord(n, outputs[i], i, { index, rendered, targets, dates, problems }));
  linkRecords(records, outputs, notes, problems, options.memo, { file: join(cacheDir, RELATED_FILE), code: renderer });

  // The reading path: each step must name a note, once.
  placeReadingPath(index, records, pathSteps ?? [], pathText ?? '', problems);

  // Papers, with the notes that cite them.
  const citedIn = citingNotes(records.map((r, i) => ({ slug: r.slug, citations: outputs[i].citations })));
  const paperRecords: PaperRecord[] = papers.map((p) => ({
    ...p,
    label: labels.get(p.key) as CitationLabel,
    citedIn: citedIn.get(p.key) ?? [],
  }));

  const reused = records.filter((r) => r.reused).length;
  return {
    notes: records,
    papers: paperRecords,
    sections: sectionList ?? [],
    tags: tagList ?? [],
    problems: sortProblems(problems),
    stats: {
      notes: records.length,
      rendered: records.length - reused,
      reused,
      renderMs: rendered.ms,
      totalMs: performance.now() - started,
    },
  };
}
