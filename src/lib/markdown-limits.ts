/**
 * Limits on Markdown that the parser would otherwise meet with a stack overflow or minutes of work.
 * micromark and the mdast/hast utilities recurse once per level of nesting, so a note with thousands
 * of nested quotes or list items crashes the render with "Maximum call stack size exceeded" and no
 * file name; it is found here first, cheaply, and reported at its line.
 */

/** Deeper nesting of quotes and lists than any note needs (the parser copes with far more). */
export const MAX_NESTING = 64;

/** One container marker at the start of a line: a quote `>` or a list marker followed by a space. */
const marker = /[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))/y;

/**
 * The first line whose quotes and list markers nest deeper than `limit`, counting the markers that
 * open the line and, for an indented list item, its indentation (two spaces per level).
 */
export function findDeepNesting(body: string, limit = MAX_NESTING): { line: number; depth: number } | undefined {
  let line = 0;
  for (let start = 0; start <= body.length;) {
    line++;
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    let depth = 0;
    marker.lastIndex = start;
    const indent = /^[ \t]*/.exec(body.slice(start, Math.min(end, start + 4096)))?.[0].length ?? 0;
    while (marker.lastIndex < end && marker.exec(body)) depth++;
    if (depth > 0) depth += Math.floor(indent / 2);
    if (depth > limit) return { line, depth };
    start = end + 1;
  }
  return undefined;
}
