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
  isTarget?: boolean;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Words after which a full stop does not end a sentence. */
const abbreviations = /\b(?:e\.g|i\.e|et al|vs|cf|fig|figs|eq|eqs|resp|approx|etc|thm|sec|ch|no|p|pp|dr|prof|st|ref|refs)\.$/i;
/** An initial (`J. Smith`). Case-sensitive: a one-letter formula such as `$n$.` does end a sentence. */
const initial = /\b[A-Z]\.$/;

function tokens(node: Nodes, target: Nodes, out: Token[], labelOf: (n: Nodes) => string | undefined, renderMath: (tex: string) => string): void {
  if (node === target) {
    const label = labelOf(node) || 'link';
    out.push({ text: label, html: `<mark>${escapeHtml(label)}</mark>`, isTarget: true });
    return;
  }
  switch (node.type) {
    case 'text':
      out.push({ text: node.value });
      return;
    case 'inlineMath':
      out.push({ text: 'x'.repeat(Math.min(node.value.length, 12)), html: renderMath(node.value) });
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
      if ('children' in node) for (const child of node.children as Nodes[]) tokens(child, target, out, labelOf, renderMath);
    }
  }
}

function isBoundary(flat: string, dotIndex: number): boolean {
  const before = flat.slice(Math.max(0, dotIndex - 8), dotIndex + 1);
  return !abbreviations.test(before) && !initial.test(before);
}

/** Finds [start, end) of the sentence containing [from, to) in `flat`. */
function sentenceRange(flat: string, from: number, to: number): [number, number] {
  let start = 0;
  const re = /[.!?:]["')\]]*\s+(?=[\p{Lu}\p{N}("'[])/gu;
  for (let m = re.exec(flat); m && m.index < from; m = re.exec(flat)) {
    if (flat[m.index] === ':' || isBoundary(flat, m.index)) start = m.index + m[0].length;
  }
  let end = flat.length;
  re.lastIndex = to;
  for (let m = re.exec(flat); m; m = re.exec(flat)) {
    if (flat[m.index] !== ':' && isBoundary(flat, m.index)) {
      end = m.index + 1;
      break;
    }
  }
  return [start, end];
}

/**
 * The context snippet for `target` inside `block` (a paragraph, heading or table cell).
 * `labelOf` gives the visible text of links and citations (and of the target).
 */
export function linkContextHtml(
  block: Parents | PhrasingContent,
  target: Nodes,
  labelOf: (n: Nodes) => string | undefined,
  renderMath: (tex: string) => string,
  maxChars = 320,
): string {
  const list: Token[] = [];
  tokens(block as Nodes, target, list, labelOf, renderMath);
  let flat = '';
  const offsets: number[] = [];
  let targetFrom = -1;
  let targetTo = -1;
  for (const t of list) {
    offsets.push(flat.length);
    if (t.isTarget) {
      targetFrom = flat.length;
      targetTo = flat.length + t.text.length;
    }
    flat += t.text;
  }
  if (targetFrom < 0) return '';
  let [start, end] = sentenceRange(flat, targetFrom, targetTo);
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
  list.forEach((t, i) => {
    const a = offsets[i];
    const b = a + t.text.length;
    if (b <= start || a >= end) return;
    if (t.html !== undefined) html += t.html;
    else html += escapeHtml(t.text.slice(Math.max(0, start - a), Math.min(t.text.length, end - a)));
  });
  return (prefix + html.replace(/\s+/g, ' ').trim() + suffix).trim();
}
