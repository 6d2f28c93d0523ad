import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';

/** One searchable page of the offline copy. Short keys keep the index small. */
export interface OfflineSearchEntry {
  /** URL relative to the site root (`notes/x/index.html`). */
  u: string;
  /** Title. */
  t: string;
  /** Aliases, then summary. */
  s: string;
  /** Headings. */
  h: string[];
  /** Body text, KaTeX and page furniture removed. */
  x: string;
}

/** Body text above this many characters per page is cut: the index must stay small enough to load from disk. */
export const MAX_TEXT_PER_PAGE = 20_000;

const skipClasses = ['katex', 'heading-anchor', 'breadcrumbs', 'toc', 'note-end', 'math-words'];

function hasClass(node: Element, names: readonly string[]): boolean {
  const cls = node.properties.className;
  return Array.isArray(cls) && cls.some((c) => names.includes(String(c)));
}

function find(node: Root | Element, test: (e: Element) => boolean): Element | undefined {
  for (const child of node.children as ElementContent[]) {
    if (child.type !== 'element') continue;
    if (test(child)) return child;
    const hit = find(child, test);
    if (hit) return hit;
  }
  return undefined;
}

function text(node: Element | ElementContent, skip = true): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  if (skip && (hasClass(node, skipClasses) || ['script', 'style', 'svg', 'nav'].includes(node.tagName))) return ' ';
  const inner = node.children.map((c) => text(c, skip)).join('');
  return /^(p|li|h[1-6]|div|section|tr|td|th|blockquote|figure)$/.test(node.tagName) ? ` ${inner} ` : inner;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Builds the search index of the offline copy from the built pages: every page marked for search
 * (`data-pagefind-body`: notes, papers, tags) with its title, aliases and summary, headings and text.
 */
export function buildOfflineSearchIndex(pages: readonly { url: string; html: string }[]): OfflineSearchEntry[] {
  const entries: OfflineSearchEntry[] = [];
  for (const page of pages) {
    if (!page.html.includes('data-pagefind-body')) continue;
    const tree = fromHtml(page.html);
    const body = find(tree, (e) => e.properties.dataPagefindBody !== undefined);
    if (!body) continue;
    const h1 = find(body, (e) => e.tagName === 'h1');
    const lead = find(body, (e) => hasClass(e, ['lead']));
    const aliases = find(body, (e) => hasClass(e, ['aliases']));
    const headings: string[] = [];
    const collect = (n: Element) => {
      for (const c of n.children) {
        if (c.type !== 'element') continue;
        if (/^h[23]$/.test(c.tagName)) headings.push(squash(text(c)));
        else if (!hasClass(c, ['note-end'])) collect(c);
      }
    };
    collect(body);
    entries.push({
      u: page.url,
      t: h1 ? squash(text(h1)) : page.url,
      s: squash(`${aliases ? text(aliases) : ''} ${lead ? text(lead) : ''}`),
      h: headings,
      x: squash(text(body)).slice(0, MAX_TEXT_PER_PAGE),
    });
  }
  return entries;
}

/** Scores one entry for a query: title and aliases first, then headings, then the text. Pure, shared with the browser script. */
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
    hit += Math.min(count, 20) * 0.25;
    if (hit === 0) return 0; // every term must match somewhere
    score += hit;
  }
  return score;
}
