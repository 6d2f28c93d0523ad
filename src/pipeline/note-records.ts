import { keysInReadingOrder } from '../lib/citations.ts';
import {
  labelCollisions,
  orphanProblems,
  resolveAnchors,
  resolveRelated,
  usedIn,
  type AnchorTargets,
  type ResolvedLink,
} from '../lib/corpus-checks.ts';
import { resolveReadingPath } from '../lib/reading-path.ts';
import type { NoteEquation, NoteResult } from '../lib/results.ts';
import { buildLinkGraph, relatedNotes, type Backlink, type GraphNote, type LinkGraph } from '../lib/link-graph.ts';
import type { LinkIndex } from '../lib/link-resolver.ts';
import type { Problem } from '../lib/problems.ts';
import type { NoteHeading } from '../plugins/rehype-collect-headings.ts';
import type { NoteFrontmatter } from '../schemas/note.ts';
import type { ReadingStep } from '../schemas/taxonomy.ts';
import { CONTENT, lineOfListItem } from './content-files.ts';
import { hashOf } from './fingerprint.ts';
import { readKeyed, writeKeyed, type KeyedCache } from './keyed-file.ts';
import type { RawNote } from './read-content.ts';
import type { ReloadMemo } from './reload-memo.ts';
import type { RenderedNotes } from './render-corpus.ts';
import type { RenderMeta } from './render-note.ts';

/**
 * Each note's record, and the checks that need every note: links to headings, results and equations,
 * `related:` and `prerequisites:`, the link graph and orphans, and the reading path. Called by
 * loadCorpus (load-corpus.ts) once every note is rendered.
 */

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

/** What each note offers links to: its headings, and its result and equation labels. */
export function anchorTargets(notes: readonly RawNote[], outputs: readonly RenderMeta[]): Map<string, AnchorTargets> {
  return new Map(
    notes.map((n, i) => [
      n.slug,
      { headings: outputs[i].headings, labels: [...outputs[i].results, ...outputs[i].equations].map((r) => r.label) },
    ]),
  );
}

/** One note's record: its render, with its links, `related:` and `prerequisites:` checked against every note. */
export function noteRecord(
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

/**
 * Related notes, ranked again only when what the ranking reads changed: `npm run dev` after an edit
 * that touched no link, citation, tag or `related:` (its memo), and a build after the same kind of
 * edit (the ranking kept in the render cache's folder, by the key of what it read and the code that
 * ranked). Ranking 1,000 notes takes 100-250 ms; reading the kept ranking a few.
 */
function memoRelated(
  notes: GraphNote[],
  graph: LinkGraph,
  memo: ReloadMemo | undefined,
  cache: KeyedCache | undefined,
): Map<string, string[]> {
  if (!memo && !cache) return relatedNotes(notes, graph);
  const key = hashOf([
    cache?.code ?? '',
    notes.map((n) => [
      n.slug,
      n.tags,
      n.related,
      n.citations.map((c) => c.key),
      [...(graph.forward.get(n.slug) ?? [])],
    ]),
  ]);
  if (memo?.related?.key === key) return memo.related.value;
  const kept = cache && readKeyed<[string, string[]][]>(cache.file, key);
  const value = new Map(kept ?? writeKeyed(cache?.file, key, [...relatedNotes(notes, graph)]));
  if (memo) memo.related = { key, value };
  return value;
}

/** The link graph: backlinks, related notes, where each result is used, and orphans. */
export function linkRecords(
  records: NoteRecord[],
  outputs: readonly RenderMeta[],
  notes: readonly RawNote[],
  problems: Problem[],
  memo?: ReloadMemo,
  cache?: KeyedCache,
): void {
  const graphInput = records.map((r, i) => ({
    slug: r.slug,
    links: r.links,
    citations: outputs[i].citations,
    tags: r.tags,
    related: r.related,
  }));
  const graph = buildLinkGraph(graphInput);
  const related = memoRelated(graphInput, graph, memo, cache);
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

/** Checks the reading path (each step names a note, once) and gives each step's note its place on it. */
export function placeReadingPath(
  index: LinkIndex,
  records: NoteRecord[],
  pathSteps: ReadingStep[],
  pathText: string,
  problems: Problem[],
): void {
  const path = resolveReadingPath(
    index,
    CONTENT.readingPath,
    pathSteps.map((step, i) => ({ ...step, line: lineOfListItem(pathText, i) })),
  );
  problems.push(...path.problems);
  const steps = path.steps;
  const bySlug = new Map(records.map((r) => [r.slug, r]));
  steps.forEach((s, i) => {
    const r = bySlug.get(s.slug) as NoteRecord;
    r.readingStep = {
      index: i + 1,
      total: steps.length,
      why: s.why,
      prev: steps[i - 1]?.slug,
      next: steps[i + 1]?.slug,
    };
  });
}
