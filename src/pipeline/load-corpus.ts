import { existsSync } from 'node:fs';
import type { Paper } from '../lib/bibtex.ts';
import { citationLabels, keysInReadingOrder, type CitationLabel } from '../lib/citations.ts';
import {
  citingNotes,
  labelCollisions,
  nameConflictProblems,
  orphanProblems,
  resolveAnchors,
  resolveReadingPath,
  resolveRelated,
  usedIn,
  type AnchorTargets,
  type ResolvedLink,
} from '../lib/corpus-checks.ts';
import type { NoteEquation, NoteResult } from '../lib/results.ts';
import { buildLinkGraph, relatedNotes, type Backlink } from '../lib/link-graph.ts';
import { buildLinkIndex, type LinkableNote, type LinkIndex } from '../lib/link-resolver.ts';
import { sortProblems, type Problem } from '../lib/problems.ts';
import { ANY_FIGURE } from '../lib/raster-figures.ts';
import type { NoteHeading } from '../plugins/rehype-collect-headings.ts';
import type { NoteFrontmatter } from '../schemas/note.ts';
import { readingStepSchema, sectionSchema, tagSchema, type Section, type Tag } from '../schemas/taxonomy.ts';
import { settings } from '../settings.ts';
import { CONTENT, gitDates, lineOfListItem, listFiles, pathIn, readText, readYamlList } from './content-files.ts';
import { hashOf } from './fingerprint.ts';
import { readBibliography, readFigures, readNotes, type RawNote } from './read-content.ts';
import { defaultCacheDir, RenderCache, touchAndPrune } from './render-cache.ts';
import { renderNotes, type RenderedNotes } from './render-corpus.ts';
import type { RenderMeta } from './render-note.ts';

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
}

/** A note, fully processed: what the site renders and what the checker reports on. */
export interface NoteRecord extends Omit<NoteFrontmatter, 'related' | 'prerequisites'> {
  slug: string;
  /** Project-relative path of the source file. */
  file: string;
  /** Path relative to the notes folder. */
  path: string;
  related: string[];
  /** The note's place on the reading path (content/reading-path.yml), if it is on it. */
  readingStep?: { index: number; total: number; why: string; prev?: string; next?: string };
  /** Notes to read first (resolved slugs). */
  prerequisites: string[];
  /** Absolute path of the rendered HTML of the body (pages read it when they render). */
  htmlFile: string;
  headings: NoteHeading[];
  links: ResolvedLink[];
  /** Numbered result blocks and equations, in order. */
  results: NoteResult[];
  equations: NoteEquation[];
  /** label → the notes that reference it, with their sentences. */
  usedIn: Record<string, { slug: string; contexts: string[] }[]>;
  /** Distinct cited keys, in order of first citation. */
  cites: string[];
  backlinks: Backlink[];
  relatedNotes: string[];
  words: number;
  formulas: number;
  /** Names of the symbols the note's formulas use, indexed for search (src/lib/math-text.ts). */
  mathTokens: string[];
  readingMinutes: number;
  /** Last change: frontmatter `updated`, else the last commit touching the file. */
  lastUpdated?: Date;
  /** True when this build reused the previous render. */
  reused: boolean;
}

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

/** What each note offers links to: its headings, and its result and equation labels. */
function anchorTargets(notes: readonly RawNote[], outputs: readonly RenderMeta[]): Map<string, AnchorTargets> {
  return new Map(
    notes.map((n, i) => [
      n.slug,
      { headings: outputs[i].headings, labels: [...outputs[i].results, ...outputs[i].equations].map((r) => r.label) },
    ]),
  );
}

/** One note's record: its render, with its links, `related:` and `prerequisites:` checked against every note. */
function noteRecord(
  n: RawNote,
  out: RenderMeta,
  i: number,
  ctx: {
    index: LinkIndex;
    rendered: RenderedNotes;
    targets: ReadonlyMap<string, AnchorTargets>;
    dates: ReadonlyMap<string, Date>;
    problems: Problem[];
  },
): NoteRecord {
  const links = resolveAnchors(n.file, out.links, ctx.targets, ctx.rendered.previousLabels);
  const related = resolveRelated(ctx.index, n.file, n.frontmatter.related, n.relatedLines);
  const prerequisites = resolveRelated(
    ctx.index,
    n.file,
    n.frontmatter.prerequisites,
    n.prerequisiteLines,
    'prerequisites',
  );
  const collisions = labelCollisions(n.file, [...out.results, ...out.equations], out.headings);
  ctx.problems.push(...out.problems, ...links.problems, ...related.problems, ...prerequisites.problems, ...collisions);
  const { related: _related, prerequisites: _prerequisites, ...fm } = n.frontmatter;
  return {
    ...fm,
    slug: n.slug,
    file: n.file,
    path: n.path,
    related: related.related,
    prerequisites: prerequisites.related,
    htmlFile: ctx.rendered.htmlFiles[i],
    headings: out.headings,
    links: links.links,
    results: out.results,
    equations: out.equations,
    usedIn: {},
    cites: keysInReadingOrder(out.citations),
    backlinks: [],
    relatedNotes: [],
    words: out.words,
    formulas: out.formulas,
    mathTokens: out.mathTokens,
    readingMinutes: Math.max(1, Math.round(out.words / 200 + out.displayFormulas * 0.2)),
    lastUpdated: n.frontmatter.updated ?? ctx.dates.get(n.file),
    reused: ctx.rendered.reused[i],
  };
}

/** The link graph: backlinks, related notes, where each result is used, and orphans. */
function linkRecords(
  records: NoteRecord[],
  outputs: readonly RenderMeta[],
  notes: readonly RawNote[],
  problems: Problem[],
): void {
  const graphInput = records.map((r, i) => ({
    slug: r.slug,
    links: r.links,
    citations: outputs[i].citations,
    tags: r.tags,
    related: r.related,
  }));
  const graph = buildLinkGraph(graphInput);
  const related = relatedNotes(graphInput, graph);
  const uses = usedIn(records);
  for (const r of records) {
    r.backlinks = graph.backward.get(r.slug) ?? [];
    r.relatedNotes = related.get(r.slug) ?? [];
    for (const x of [...r.results, ...r.equations]) {
      const list = uses.get(`${r.slug}#${x.label}`);
      if (list) r.usedIn[x.label] = list;
    }
  }
  problems.push(
    ...orphanProblems(
      records.map((r, i) => ({
        slug: r.slug,
        file: r.file,
        linkedFrom: r.backlinks.length,
        checkable: notes[i].valid,
      })),
    ),
  );
}

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
  // A taxonomy file that cannot be read is reported once; checking every note against an empty
  // list would bury that one problem under one false "unknown" per note.
  const sectionIds = sectionList?.ids;
  const tagIds = tagList?.ids;
  const papers = readBibliography(bibText, tagIds, problems);
  const labels = citationLabels(papers);
  const { figures, hashes: figureHashes } = await readFigures(root, figureFiles, problems);

  // Reading the notes, and the names they claim.
  const notes = await readNotes(root, noteFiles.sort(), sectionIds, tagIds, problems);
  const linkable: LinkableNote[] = notes.map((n) => ({
    slug: n.slug,
    title: n.frontmatter.title,
    aliases: n.frontmatter.aliases,
    path: n.path,
  }));
  const { index, conflicts } = buildLinkIndex(linkable);
  problems.push(
    ...nameConflictProblems(
      conflicts,
      notes.map((n) => ({ ...n, title: n.frontmatter.title })),
    ),
  );

  // Rendering what changed.
  const cache = new RenderCache(options.cacheDir ?? defaultCacheDir(root, base));
  if (!options.cacheDir) await touchAndPrune(cache.dir);
  const rendered = await renderNotes({
    notes,
    linkable,
    index,
    labels,
    figures,
    figureHashes,
    base,
    cache,
    budgetMs: options.noteBudgetMs,
    checkCitations: bibText !== undefined,
  });
  const { outputs } = rendered;

  // The checks that need every note: links to headings, results and equations, related notes, the
  // link graph, orphans; then where each result is used.
  const records = notes.map((n, i) =>
    noteRecord(n, outputs[i], i, { index, rendered, targets: anchorTargets(notes, outputs), dates, problems }),
  );
  linkRecords(records, outputs, notes, problems);

  // The reading path: each step must name a note, once.
  const path = resolveReadingPath(
    index,
    CONTENT.readingPath,
    (pathSteps ?? []).map((step, i) => ({ ...step, line: lineOfListItem(pathText ?? '', i) })),
  );
  problems.push(...path.problems);
  const steps = path.steps;
  const bySlugRecord = new Map(records.map((r) => [r.slug, r]));
  steps.forEach((s, i) => {
    const r = bySlugRecord.get(s.slug) as NoteRecord;
    r.readingStep = {
      index: i + 1,
      total: steps.length,
      why: s.why,
      prev: steps[i - 1]?.slug,
      next: steps[i + 1]?.slug,
    };
  });

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
