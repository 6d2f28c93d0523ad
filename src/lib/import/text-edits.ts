/**
 * Edits to an author's text by offsets. The importer finds what to change with a parser, then
 * replaces only those ranges, so everything it does not touch stays byte for byte as written.
 * Each pass returns a map back to the offsets of its input, so every report line can name the
 * line and column of the original file.
 */

/** Replace `text.slice(start, end)` with `insert`. */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
}

/** Maps an offset in a pass's output to the offset in its input it came from. */
export type OffsetMap = (offset: number) => number;

export const identity: OffsetMap = (offset) => offset;

/**
 * Applies edits to a text. Edits are taken in order of their start (the longer first when two
 * start together); an edit that overlaps one already taken is dropped, so a change to a whole
 * block (removing a heading) wins over a change inside it. Returns the new text, the edits that
 * were applied, and the map from new offsets to old ones.
 */
export function applyEdits<E extends TextEdit>(
  text: string,
  edits: readonly E[],
): { text: string; applied: E[]; back: OffsetMap } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const applied: E[] = [];
  let end = -1;
  for (const e of sorted) {
    if (e.start < end) continue;
    applied.push(e);
    end = Math.max(end, e.end);
  }
  let out = '';
  let at = 0;
  // [new start, new end, old start, old end] of each applied edit, for mapping offsets back.
  const spans: [number, number, number, number][] = [];
  for (const e of applied) {
    out += text.slice(at, e.start);
    spans.push([out.length, out.length + e.insert.length, e.start, e.end]);
    out += e.insert;
    at = e.end;
  }
  out += text.slice(at);
  const back: OffsetMap = (offset) => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid][0] <= offset) lo = mid + 1;
      else hi = mid;
    }
    const span = spans[lo - 1];
    if (!span) return offset;
    const [, newEnd, oldStart, oldEnd] = span;
    // Inside inserted text: the start of what it replaced. After it: shifted by the size change.
    return offset < newEnd ? oldStart : offset - newEnd + oldEnd;
  };
  return { text: out, applied, back };
}

/** The 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The range to delete to remove `text.slice(start, end)`: the whole line when nothing else is on it
 * (and one of the blank lines around it, so no gap is left where it was), otherwise the marker and
 * the spaces before it.
 */
export function removalRange(text: string, start: number, end: number): [number, number] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline;
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
    if (newline === -1) return [Math.max(0, lineStart - 1), lineEnd];
    const blankBefore =
      lineStart === 0 || text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1).trim() === '';
    const after = text.indexOf('\n', newline + 1);
    const blankAfter = after !== -1 && text.slice(newline + 1, after).trim() === '';
    return [lineStart, blankBefore && blankAfter ? after + 1 : newline + 1];
  }
  let from = start;
  while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return [from, end];
}
