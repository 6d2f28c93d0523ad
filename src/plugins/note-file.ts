import type { Nodes } from 'mdast';
import type { VFile } from 'vfile';
import type { NoteEquation, NoteResult } from '../lib/results.ts';
import { inRanges, rangesStartingBy } from '../lib/ranges.ts';
import { checkBudget, type RenderBudget } from '../lib/render-budget.ts';

/**
 * What the note plugins share through `file.data` while one note renders: where the note is,
 * and what they found. The contract between plugins is this data, never module state.
 */
export interface NoteFileData {
  slug: string;
  /** Project-relative path, used in messages. */
  file: string;
  /** Path relative to the notes folder, for relative Markdown links. */
  path: string;
  /** Lines before the body (frontmatter), added to every line recorded for other notes. */
  lineOffset: number;
  links: FoundLink[];
  citations: FoundCitation[];
  /** Blocks whose sentences give links and citations their context, filled in after transforms. */
  pendingContexts: PendingContext[];
  /** Raw link targets, Markdown paths and citation keys, so a cached render can be checked cheaply. */
  deps: { targets: string[]; paths: string[]; keys: string[]; figures: string[] };
  /**
   * Source ranges [start, end) already attributed to a match, sorted by start, so repeated text is
   * located in order and a narrative `@key` is never located inside an earlier `[@key]` or `[[…]]`.
   */
  usedRanges?: [number, number][];
  /** Numbered result blocks, in order (remark-results). */
  results?: NoteResult[];
  /** Numbered equations, in order (remark-results). */
  equations?: NoteEquation[];
  /** True when characters were hidden before parsing (protectMarkdown) and must be put back. */
  protected?: boolean;
  /** The note's time budget (absent when a plugin runs outside the note pipeline). */
  budget?: RenderBudget;
  /** Where the next search for a text in a block starts (`<block offset>\0<text>` → offset). */
  searchFrom?: Map<string, number>;
  /** Offsets where each line of the body starts, computed on first use. */
  lineStarts?: number[];
  /** Per block: source ranges of inline code, math, HTML and links in it, where no match can lie. */
  opaqueRanges?: WeakMap<Nodes, [number, number][]>;
}

/** A link to another note (or a heading of this one) found in the body. */
export interface FoundLink {
  slug: string;
  /** The heading reference as written, checked once every note's headings are known. */
  heading?: string;
  line: number;
  column: number;
  context: string;
}

/** A citation of a paper found in the body. */
export interface FoundCitation {
  key: string;
  line: number;
  column: number;
  context: string;
  /** The citation's id on the page (`cite-<key>-<n>`, n-th citation of the key), where "Cited in" lands. */
  anchor: string;
}

export interface PendingContext {
  block: Nodes;
  node: Nodes;
  record: { context: string };
}

declare module 'vfile' {
  interface DataMap {
    note: NoteFileData;
  }
}

/** The note data of a file, created empty for files rendered outside the note pipeline. */
export function noteData(file: VFile): NoteFileData {
  if (!file.data.note) {
    file.data.note = {
      slug: '',
      file: file.path ?? 'note.md',
      path: '',
      lineOffset: 0,
      links: [],
      citations: [],
      pendingContexts: [],
      deps: { targets: [], paths: [], keys: [], figures: [] },
    };
  }
  return file.data.note;
}

/** A line and column in the note's body (what unified positions give). */
export interface BodyPoint {
  line: number;
  column: number;
}

/** The body point where a node starts (the body's first line when it has no position). */
export function startOf(node: { position?: { start: BodyPoint } } | undefined): BodyPoint {
  const start = node?.position?.start;
  return start ? { line: start.line, column: start.column } : { line: 1, column: 1 };
}

/** A body point as a point in the whole file (frontmatter lines added), for records other notes read. */
export function inFile(data: NoteFileData, point: BodyPoint): BodyPoint {
  return { line: point.line + data.lineOffset, column: point.column };
}

/**
 * Reports a problem the unified way, `file.message(reason, { place, ruleId, source })`, at a point
 * of the body; the renderer turns every message into the project's problem format once, adding the
 * frontmatter lines (see render-note.ts). Errors are fatal messages, warnings are not.
 */
export function report(
  file: VFile,
  place: BodyPoint,
  reason: string,
  ruleId: string,
  severity: 'error' | 'warning' = 'error',
): void {
  const message = file.message(reason, { place, ruleId, source: 'dl-theory' });
  message.fatal = severity === 'error';
}

/** Inline nodes whose source text is not plain text: a match can never sit inside them. */
const opaqueTypes = new Set([
  'inlineCode',
  'inlineMath',
  'html',
  'link',
  'linkReference',
  'image',
  'imageReference',
  'footnoteReference',
]);

function opaqueRangesOf(data: NoteFileData, block: Nodes): [number, number][] {
  const cache = (data.opaqueRanges ??= new WeakMap());
  let ranges = cache.get(block);
  if (!ranges) {
    const found: [number, number][] = [];
    const walk = (node: Nodes) => {
      if (node !== block && opaqueTypes.has(node.type)) {
        const p = node.position;
        if (p?.start.offset !== undefined && p.end.offset !== undefined) found.push([p.start.offset, p.end.offset]);
        return;
      }
      if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
    };
    walk(block);
    ranges = found;
    cache.set(block, ranges);
  }
  return ranges;
}

/**
 * Where a regex match inside a text node was written in the source. Text nodes split by an earlier
 * plugin have no position, so the match is searched in the source of the nearest positioned
 * ancestor, taking the first occurrence that is neither claimed by an earlier match (matches arrive
 * in document order) nor inside inline code, math, HTML or a link (which hold no matchable text).
 */
export function locateMatch(
  data: NoteFileData,
  source: string,
  stack: readonly Nodes[],
  whole: string,
): { line: number; column: number; offset?: number } {
  const used = (data.usedRanges ??= []);
  // Matches of one text arrive in document order, so each search resumes after the last one found
  // in the same block: a paragraph with thousands of identical links is searched once, not once per link.
  const resume = (data.searchFrom ??= new Map());
  for (let i = stack.length - 1; i >= 0; i--) {
    const pos = stack[i].position;
    if (pos?.start.offset === undefined || pos.end.offset === undefined) continue;
    const opaque = opaqueRangesOf(data, stack[i]);
    const key = `${pos.start.offset}\u0000${whole}`;
    let at = source.indexOf(whole, Math.max(pos.start.offset, resume.get(key) ?? 0));
    while (at !== -1 && at < pos.end.offset && (inRanges(used, at) || inRanges(opaque, at)))
      at = source.indexOf(whole, at + 1);
    if (at === -1 || at >= pos.end.offset) continue;
    resume.set(key, at + 1);
    used.splice(rangesStartingBy(used, at), 0, [at, at + whole.length]);
    const { line, column } = lineAndColumn(data, source, at);
    checkBudget(data.budget, line + data.lineOffset);
    return { line, column, offset: at };
  }
  return startOf(stack[stack.length - 1]);
}

/** 1-based line and column of an offset in the body, from line starts computed once per note. */
function lineAndColumn(data: NoteFileData, source: string, offset: number): { line: number; column: number } {
  let starts = data.lineStarts;
  if (!starts) {
    starts = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    data.lineStarts = starts;
  }
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return { line: lo, column: offset - starts[lo - 1] + 1 };
}

/** Nearest ancestor that is a paragraph, heading or table cell: the block a context sentence comes from. */
export function contextBlock(stack: readonly Nodes[]): Nodes | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const t = stack[i].type;
    if (t === 'paragraph' || t === 'heading' || t === 'tableCell') return stack[i];
  }
  return undefined;
}
