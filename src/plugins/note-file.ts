import type { Nodes } from 'mdast';
import type { VFile } from 'vfile';
import type { Problem } from '../lib/problems.ts';

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
  /** Lines before the body (frontmatter), added to every reported line. */
  lineOffset: number;
  problems: Problem[];
  links: FoundLink[];
  citations: FoundCitation[];
  /** Blocks whose sentences give links and citations their context, filled in after transforms. */
  pendingContexts: PendingContext[];
  /** Raw link targets, Markdown paths and citation keys, so a cached render can be checked cheaply. */
  deps: { targets: string[]; paths: string[]; keys: string[]; figures: string[] };
  /** Source offsets already attributed to a match, so repeated text is located in order. */
  usedOffsets?: Set<number>;
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
    file.data.note = { slug: '', file: file.path ?? 'note.md', path: '', lineOffset: 0, problems: [], links: [], citations: [], pendingContexts: [], deps: { targets: [], paths: [], keys: [], figures: [] } };
  }
  return file.data.note;
}

/** A position in the whole file (frontmatter lines included). */
export function placeOf(data: NoteFileData, node: { position?: { start: { line: number; column: number } } } | undefined, extra?: { line: number; column: number }): { line: number; column: number } {
  const start = node?.position?.start;
  if (!start) return { line: data.lineOffset + 1, column: 1 };
  if (extra && extra.line > 0) return { line: start.line + data.lineOffset + extra.line, column: extra.column };
  return { line: start.line + data.lineOffset, column: start.column + (extra?.column ?? 0) };
}

/**
 * Where a regex match inside a text node was written in the source. Text nodes split by an earlier
 * plugin have no position, so the match is searched in the source of the nearest positioned
 * ancestor, taking the first occurrence not yet claimed (matches arrive in document order).
 */
export function locateMatch(data: NoteFileData, source: string, stack: readonly Nodes[], whole: string): { line: number; column: number; offset?: number } {
  const used = (data.usedOffsets ??= new Set());
  for (let i = stack.length - 1; i >= 0; i--) {
    const pos = stack[i].position;
    if (pos?.start.offset === undefined || pos.end.offset === undefined) continue;
    let at = source.indexOf(whole, pos.start.offset);
    while (at !== -1 && at < pos.end.offset && used.has(at)) at = source.indexOf(whole, at + 1);
    if (at === -1 || at >= pos.end.offset) continue;
    used.add(at);
    const before = source.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return { line: line + data.lineOffset, column, offset: at };
  }
  return placeOf(data, stack[stack.length - 1]);
}

/** Nearest ancestor that is a paragraph, heading or table cell: the block a context sentence comes from. */
export function contextBlock(stack: readonly Nodes[]): Nodes | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const t = stack[i].type;
    if (t === 'paragraph' || t === 'heading' || t === 'tableCell') return stack[i];
  }
  return undefined;
}
