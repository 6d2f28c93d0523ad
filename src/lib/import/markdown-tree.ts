import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from '../walk.ts';

/**
 * Parsing for the importer: the same Markdown dialect the site reads (GFM and math), used only to
 * find where things are. Nothing is ever serialised from these trees; edits go to the source text.
 */

const withMath = unified().use(remarkParse).use(remarkGfm).use(remarkMath).freeze();
// Without math, for passes that run before `$$` is repaired: a kramdown `$$ x` opening line reads
// as a math fence that never closes and would swallow the rest of the note.
const withoutMath = unified().use(remarkParse).use(remarkGfm).freeze();

/** The syntax tree of a Markdown text (with math, unless `math` is false). */
export function parseMarkdown(text: string, math = true): Root {
  return (math ? withMath : withoutMath).parse(text);
}

/** The [start, end) offsets of a node, when it has a position. */
export function rangeOf(node: {
  position?: { start: { offset?: number }; end: { offset?: number } };
}): [number, number] | undefined {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  return s === undefined || e === undefined ? undefined : [s, e];
}

const literalTypes = new Set(['code', 'inlineCode', 'math', 'inlineMath']);

/** Ranges of code and math, sorted: text there is the author's literal and is never rewritten. */
export function literalRanges(tree: Root): [number, number][] {
  const ranges: [number, number][] = [];
  visit(tree, (node) => {
    if (!literalTypes.has(node.type)) return;
    const r = rangeOf(node);
    if (r) ranges.push(r);
  });
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** The offset just past the `]` that closes the `[` at `open`, or -1. */
function closingBracket(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The destination token starting at or after `from` (`<a b.md>` or `a.md`), up to `end`. */
function destinationToken(text: string, from: number, end: number): [number, number] | undefined {
  let i = from;
  while (i < end && /\s/.test(text[i])) i++;
  if (text[i] === '<') {
    const close = text.indexOf('>', i);
    return close === -1 || close >= end ? undefined : [i, close + 1];
  }
  const start = i;
  let parens = 0;
  for (; i < end; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (/\s/.test(c)) break;
    else if (c === '(') parens++;
    else if (c === ')' && parens-- === 0) break;
  }
  return i > start ? [start, i] : undefined;
}

/**
 * Where the destination of an inline link or image is written (`[text](here "title")`): the
 * range of the URL token alone, so a rewrite keeps the label and the title as written. Undefined
 * for links written another way (autolinks, references).
 */
export function destinationRange(text: string, node: Nodes): [number, number] | undefined {
  const r = rangeOf(node);
  if (!r || text[r[1] - 1] !== ')') return undefined;
  const open = text.indexOf('[', r[0]);
  if (open === -1 || open > r[0] + 1) return undefined;
  const labelEnd = closingBracket(text, open, r[1]);
  if (labelEnd === -1 || text[labelEnd] !== '(') return undefined;
  return destinationToken(text, labelEnd + 1, r[1] - 1);
}

/** Where the URL of a definition (`[ref]: url "title"`) is written. */
export function definitionDestination(text: string, node: Nodes): [number, number] | undefined {
  const r = rangeOf(node);
  if (!r) return undefined;
  const labelEnd = closingBracket(text, r[0], r[1]);
  if (labelEnd === -1 || text[labelEnd] !== ':') return undefined;
  return destinationToken(text, labelEnd + 1, r[1]);
}

/** The URL in a destination token, without its angle brackets. */
export function unwrapDestination(token: string): string {
  return token.startsWith('<') && token.endsWith('>') ? token.slice(1, -1) : token;
}

/** A URL as a Markdown destination: in angle brackets when it has spaces or unbalanced parentheses. */
export function writeDestination(url: string): string {
  const balanced = (url.match(/\(/g)?.length ?? 0) === (url.match(/\)/g)?.length ?? 0);
  return /[\s<>]/.test(url) || !balanced ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}
