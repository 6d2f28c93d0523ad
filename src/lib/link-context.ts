import { escapeHtml } from './html.ts';
import type { Nodes, Parents, PhrasingContent } from 'mdast';

/**
 * The sentence (or list item) around a link, as a small HTML snippet, so that "Linked from" and
 * "Cited in" can show readers why a note links here. Inline formatting is dropped; inline math is
 * rendered through the given callback; the link itself is wrapped in <mark>.
 */

interface Token {
  /** What sentence detection sees. Math and code are opaque so their dots never end a sentence. */
  text: string;
  /** Escaped HTML, or undefined for plain text (escaped when sliced). */
  html?: string;
  /** An inline formula's TeX: rendered only if the token lands in a snippet (most of a block's do not). */
  math?: string;
  /** The link or citation this token stands for, when it is one of the targets. */
  node?: Nodes;
}

/** Words after which a full stop does not end a sentence. */
const abbreviations =
  /\b(?:e\.g|i\.e|et al|vs|cf|fig|figs|eq|eqs|resp|approx|etc|thm|sec|ch|no|p|pp|dr|prof|st|ref|refs)\.$/i;
/** An initial (`J. Smith`). Case-sensitive: a one-letter formula such as `$n$.` does end a sentence. */
const initial = /\b[A-Z]\.$/;

function tokens(
  node: Nodes,
  targets: ReadonlySet<Nodes>,
  out: Token[],
  labelOf: (n: Nodes) => string | undefined,
): void {
  if (targets.has(node)) {
    const label = labelOf(node) || 'link';
    // Marked only in its own snippet; in another target's snippet it reads as plain text.
    out.push({ text: label, node });
    return;
  }
  switch (node.type) {
    case 'text':
      out.push({ text: node.value });
      return;
    case 'inlineMath':
      out.push({ text: 'x'.repeat(Math.min(node.value.length, 12)), math: node.value });
      return;
    case 'inlineCode':
      out.push({ text: 'x'.repeat(Math.min(node.value.length, 12)), html: `<code>${escapeHtml(node.value)}</code>` });
      return;
    case 'break':
      out.push({ text: ' ' });
      return;
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
    case 'html':
      return;
    default: {
      const label = labelOf(node);
      if (label !== undefined) {
        out.push({ text: label });
        return;
      }
      if ('children' in node) for (const child of node.children as Nodes[]) tokens(child, targets, out, labelOf);
    }
  }
}

function isBoundary(flat: string, dotIndex: number): boolean {
  const before = flat.slice(Math.max(0, dotIndex - 8), dotIndex + 1);
  return !abbreviations.test(before) && !initial.test(before);
}

/**
 * Sentence boundaries of `flat`, found in one pass: where each boundary's punctuation is, where the
 * next sentence starts (after any boundary, a colon included), and where sentences end (a full
 * stop, `!` or `?` that is not an abbreviation), each list sorted.
 */
function boundaries(flat: string): { marks: number[]; starts: number[]; ends: number[] } {
  const marks: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const re = /[.!?:]["')\]]*\s+(?=[\p{Lu}\p{N}("'[])/gu;
  for (let m = re.exec(flat); m; m = re.exec(flat)) {
    const colon = flat[m.index] === ':';
    if (!colon && !isBoundary(flat, m.index)) continue;
    marks.push(m.index);
    starts.push(m.index + m[0].length);
    if (!colon) ends.push(m.index + 1);
  }
  return { marks, starts, ends };
}

/** How many values of sorted `list` are <= `at` (binary search). */
function countAtMost(list: readonly number[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The context snippets of several links or citations in one block (a paragraph, heading or table
 * cell), in the order of `targets`: the block is flattened and split into sentences once, so a
 * paragraph with thousands of links costs time in proportion to its length, not its length squared.
 * `labelOf` gives the visible text of links and citations (and of the targets).
 */
export function linkContexts(
  block: Parents | PhrasingContent,
  targets: readonly Nodes[],
  labelOf: (n: Nodes) => string | undefined,
  renderMath: (tex: string) => string,
  maxChars = 320,
): string[] {
  const list: Token[] = [];
  tokens(block as Nodes, new Set(targets), list, labelOf);
  let flat = '';
  const offsets: number[] = [];
  const at = new Map<Nodes, number>();
  list.forEach((t, i) => {
    offsets.push(flat.length);
    if (t.node && !at.has(t.node)) at.set(t.node, i);
    flat += t.text;
  });
  const { marks, starts, ends } = boundaries(flat);
  return targets.map((target) => {
    const i = at.get(target);
    if (i === undefined) return '';
    const targetFrom = offsets[i];
    const targetTo = targetFrom + list[i].text.length;
    // The sentence starts after the last boundary before the link and ends at the first one after it.
    const before = countAtMost(marks, targetFrom - 1);
    let start = before > 0 ? starts[before - 1] : 0;
    const after = countAtMost(ends, targetTo);
    let end = after < ends.length ? ends[after] : flat.length;
    // Long sentences: keep a window around the link, cut at spaces.
    let prefix = '';
    let suffix = '';
    if (end - start > maxChars) {
      const half = Math.floor((maxChars - (targetTo - targetFrom)) / 2);
      const winStart = Math.max(start, targetFrom - half);
      const winEnd = Math.min(end, targetTo + half);
      const cutStart = winStart > start ? flat.indexOf(' ', winStart) + 1 || winStart : start;
      const cutEnd = winEnd < end ? flat.lastIndexOf(' ', winEnd) : end;
      if (cutStart > start) prefix = '… ';
      if (cutEnd < end) suffix = ' …';
      start = Math.min(cutStart, targetFrom);
      end = Math.max(cutEnd, targetTo);
    }
    let html = '';
    // Only the tokens that overlap [start, end): found by binary search, then walked forward.
    for (let k = Math.max(0, countAtMost(offsets, start) - 1); k < list.length; k++) {
      const a = offsets[k];
      const t = list[k];
      const b = a + t.text.length;
      if (a >= end) break;
      if (b <= start) continue;
      if (t.node === target) html += `<mark>${escapeHtml(t.text)}</mark>`;
      else if (t.math !== undefined) html += renderMath(t.math);
      else if (t.html !== undefined) html += t.html;
      else html += escapeHtml(t.text.slice(Math.max(0, start - a), Math.min(t.text.length, end - a)));
    }
    return (prefix + html.replace(/\s+/g, ' ').trim() + suffix).trim();
  });
}

/** The context snippet for one `target` inside `block` (see linkContexts). */
export function linkContextHtml(
  block: Parents | PhrasingContent,
  target: Nodes,
  labelOf: (n: Nodes) => string | undefined,
  renderMath: (tex: string) => string,
  maxChars = 320,
): string {
  return linkContexts(block, [target], labelOf, renderMath, maxChars)[0];
}
