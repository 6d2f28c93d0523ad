import type { Nodes, Paragraph, Root } from 'mdast';
import { parseWikilink } from '../link-resolver.ts';
import { texToText } from './tex-text.ts';

/**
 * A note's summary as plain text (the site shows it as text in previews, search results and the
 * meta description), shortened to the schema's limit at a word boundary. A formula is written as
 * text (src/lib/import/tex-text.ts) and is one unit: kept whole or left out, never cut.
 */

/** A run of text; `atomic` runs (formulas) are never split. */
interface Segment {
  text: string;
  atomic?: boolean;
  math?: boolean;
}

/** Text of inline Markdown as a reader sees it: wikilinks by their words, no citations or markers. */
function cleanText(value: string): string {
  return value
    .replace(/\[\[([^[\]\n]*?)\]\]/g, (_, inner: string) => {
      const link = parseWikilink(inner);
      return link.label ?? (link.target || link.heading || '');
    })
    .replace(/\s*\[[^[\]\n]*@[^[\]\n]*\]/g, '')
    .replace(/\{:[^}\n]*\}/g, '');
}

function segmentsOf(node: Nodes, out: Segment[]): void {
  switch (node.type) {
    case 'text':
      out.push({ text: cleanText(node.value) });
      return;
    case 'inlineMath':
      out.push({ text: texToText(node.value), atomic: true, math: true });
      return;
    case 'inlineCode':
      out.push({ text: node.value, atomic: true });
      return;
    case 'break':
      out.push({ text: ' ' });
      return;
    case 'image':
    case 'imageReference':
    case 'html':
    case 'footnoteReference':
      return;
    default:
      if ('children' in node) for (const child of node.children as Nodes[]) segmentsOf(child, out);
  }
}

/** Words and formulas, each a unit the shortening keeps whole. */
function units(segments: readonly Segment[]): string[] {
  const out: string[] = [];
  let glue = false;
  for (const s of segments) {
    if (s.atomic) {
      if (glue && out.length) out[out.length - 1] += s.text;
      else out.push(s.text);
      glue = true;
      continue;
    }
    const parts = s.text.split(/(\s+)/);
    parts.forEach((p, i) => {
      if (p === '' || /^\s+$/.test(p)) {
        if (p !== '') glue = false;
        return;
      }
      if (glue && i === 0 && out.length) out[out.length - 1] += p;
      else out.push(p);
      glue = true;
    });
  }
  return out;
}

/**
 * Joins units up to `limit` characters: whole sentences when they fill at least half of it,
 * otherwise as many words as fit, with an ellipsis.
 */
export function shorten(units: readonly string[], limit: number): string {
  // A unit that starts with punctuation joins the one before (a space is left where an image,
  // HTML or a citation was dropped).
  const words: string[] = [];
  for (const u of units) {
    if (/^[.,;:!?]/.test(u) && words.length) words[words.length - 1] += u;
    else words.push(u);
  }
  const full = words.join(' ');
  if (full.length <= limit) return full;
  let text = '';
  let sentences = '';
  for (const w of words) {
    const next = text ? `${text} ${w}` : w;
    if (next.length > limit - 1) break;
    text = next;
    if (/[.!?]["')\]]?$/.test(w)) sentences = text;
  }
  if (sentences.length >= limit / 2) return sentences;
  return `${text.replace(/[\s,;:–—-]+$/, '')}…`;
}

/** What a summary is made of: whether it has formulas, and whether any stayed TeX. */
export interface Summary {
  summary: string;
  hasMath: boolean;
  /** True when a formula has notation that could not be written as text (a `\\command` remains). */
  hasTex: boolean;
}

function summaryOf(segments: readonly Segment[], limit: number): Summary {
  const summary = shorten(units(segments), limit);
  return {
    summary,
    hasMath: segments.some((s) => s.math),
    hasTex: segments.some((s) => s.math && s.text.includes('\\')),
  };
}

/** The plain text of a paragraph, shortened. */
export function summaryOfParagraph(paragraph: Paragraph, limit: number): Summary {
  const segments: Segment[] = [];
  segmentsOf(paragraph, segments);
  return summaryOf(segments, limit);
}

/** A summary written in the frontmatter, on one line, its `$…$` as text, shortened. */
export function summaryOfText(value: string, limit: number): Summary {
  const parts = value
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(\$[^$]+\$)/);
  return summaryOf(
    parts.map((text, i) =>
      i % 2 === 1 ? { text: texToText(text.slice(1, -1)), atomic: true, math: true } : { text: cleanText(text) },
    ),
    limit,
  );
}

/** The first top-level paragraph with words in it (not a lone image, marker or citation). */
export function firstParagraph(tree: Root, skip?: Nodes): Paragraph | undefined {
  for (const node of tree.children) {
    if (node === skip || node.type !== 'paragraph') continue;
    const segments: Segment[] = [];
    segmentsOf(node, segments);
    if (segments.some((s) => /[\p{L}\p{N}]/u.test(s.text))) return node;
  }
  return undefined;
}
