import { decodeEntities } from './html.ts';
import { matchingClose } from './strip-for-index.ts';

/**
 * The search index of the offline copy (opened from file://, where Pagefind cannot load its index):
 * one small entry per searchable page, built from the built HTML with a single-pass tag scanner
 * (a full HTML parse of every math-heavy page was the slowest step of the build; measured with
 * npm run bench), and a scorer shared by the build tests and the browser script.
 */

/** One searchable page. Short keys keep the index small. */
export interface OfflineSearchEntry {
  /** URL relative to the site root (`notes/x/index.html`). */
  u: string;
  /** Title. */
  t: string;
  /** Aliases and summary. */
  s: string;
  /** Headings. */
  h: string[];
  /** Body text, KaTeX and page furniture removed. */
  x: string;
}

/** Body text above this many characters per page is cut: the index must stay small enough to load from disk. */
export const MAX_TEXT_PER_PAGE = 20_000;

/** Elements whose content is not searchable text (KaTeX glyphs and TeX, anchors, navigation, end matter). */
const SKIP_CLASSES = /\b(katex|heading-anchor|breadcrumbs|toc|toc-inline|note-end|math-words|math-tex)\b/;
const SKIP_TAGS = new Set(['script', 'style', 'svg', 'nav', 'template', 'noscript']);
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const BLOCK = /^(p|li|h[1-6]|div|section|article|tr|td|th|blockquote|figure|figcaption|dd|dt|pre)$/;

interface Section {
  title: string;
  lead: string;
  aliases: string;
  headings: string[];
  text: string;
}

/**
 * Scans the element marked `data-pagefind-body` and returns its visible text, title, summary,
 * aliases and h2/h3 headings. Returns undefined for pages not meant to be searched. `encoding`
 * `latin1` says the string holds the page's UTF-8 bytes one per character (the build reads pages so,
 * which saves decoding 200 KB of markup to keep a few KB of text).
 */
export function extractSearchable(html: string, encoding: 'utf8' | 'latin1' = 'utf8'): Section | undefined {
  const start = html.search(/<[a-z]+[^>]*\sdata-pagefind-body[\s>=]/);
  if (start < 0) return undefined;
  const tagRe = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(\/?)>|<!--[\s\S]*?-->/g;
  tagRe.lastIndex = start;
  const stack: { tag: string; skip: boolean; capture?: keyof Section }[] = [];
  const out: Section = { title: '', lead: '', aliases: '', headings: [], text: '' };
  let skipDepth = 0;
  let cursor = start;
  const captures: (keyof Section)[] = [];
  // Text is collected as written and decoded once at the end (see `finish`).
  const emit = (text: string) => {
    if (skipDepth > 0 || text === '') return;
    out.text += text;
    for (const c of captures) {
      if (c === 'headings') out.headings[out.headings.length - 1] += text;
      else (out[c] as string) += text;
    }
  };
  for (let m = tagRe.exec(html); m; m = tagRe.exec(html)) {
    emit(html.slice(cursor, m.index));
    cursor = tagRe.lastIndex;
    if (m[0].startsWith('<!--')) continue;
    const [, closing, rawTag, attrs, selfClosing] = m;
    const tag = rawTag.toLowerCase();
    if (closing) {
      // Pop to the matching open tag (tolerates unclosed <p>/<li>).
      let i = stack.length - 1;
      while (i >= 0 && stack[i].tag !== tag) i--;
      if (i < 0) continue;
      while (stack.length > i) {
        const top = stack.pop();
        if (top?.skip) skipDepth--;
        if (top?.capture) captures.splice(captures.indexOf(top.capture), 1);
        if (top && BLOCK.test(top.tag)) out.text += ' ';
      }
      if (stack.length === 0) break; // left the searchable element
      continue;
    }
    if (VOID.has(tag) || selfClosing) continue;
    const cls = /\sclass="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const skip = SKIP_TAGS.has(tag) || SKIP_CLASSES.test(cls);
    // A skipped element is jumped over whole: KaTeX's markup is most of a math-heavy page.
    const after = skip ? matchingClose(html, m.index, tag) : -1;
    if (after >= 0) {
      // Inline math leaves no gap ("$x$-axis"); anything else separates the words around it.
      if (tag !== 'span') out.text += ' ';
      cursor = tagRe.lastIndex = after;
      continue;
    }
    let capture: keyof Section | undefined;
    if (skipDepth === 0 && !skip) {
      if (tag === 'h1') capture = 'title';
      else if (/^h[23]$/.test(tag)) {
        capture = 'headings';
        out.headings.push('');
      } else if (/\blead\b/.test(cls)) capture = 'lead';
      else if (/\baliases\b/.test(cls)) capture = 'aliases';
    }
    if (capture) captures.push(capture);
    if (skip) skipDepth++;
    if (BLOCK.test(tag)) out.text += ' ';
    stack.push({ tag, skip, capture });
  }
  const finish = (s: string) =>
    decodeEntities(encoding === 'latin1' ? Buffer.from(s, 'latin1').toString('utf8') : s)
      .replace(/\s+/g, ' ')
      .trim();
  return {
    title: finish(out.title),
    lead: finish(out.lead),
    aliases: finish(out.aliases),
    headings: out.headings.map(finish).filter(Boolean),
    text: finish(out.text),
  };
}

/** The index entry of one built page, or undefined when the page is not searchable. */
export function searchEntry(
  url: string,
  html: string,
  encoding: 'utf8' | 'latin1' = 'utf8',
): OfflineSearchEntry | undefined {
  const s = extractSearchable(html, encoding);
  if (!s) return undefined;
  return {
    u: url,
    t: s.title || url,
    s: `${s.aliases} ${s.lead}`.trim(),
    h: s.headings,
    x: s.text.slice(0, MAX_TEXT_PER_PAGE),
  };
}

/** Scores one entry for a query: every term must match; title and aliases weigh most, then headings, then the text. */
export function scoreEntry(entry: OfflineSearchEntry, terms: readonly string[]): number {
  const t = entry.t.toLowerCase();
  const s = entry.s.toLowerCase();
  const h = entry.h.join(' ').toLowerCase();
  const x = entry.x.toLowerCase();
  let score = 0;
  for (const term of terms) {
    let hit = 0;
    if (t.includes(term)) hit += 10;
    if (s.includes(term)) hit += 6;
    if (h.includes(term)) hit += 3;
    let count = 0;
    for (let i = x.indexOf(term); i !== -1 && count < 20; i = x.indexOf(term, i + term.length)) count++;
    hit += count * 0.25;
    if (hit === 0) return 0;
    score += hit;
  }
  return score;
}
