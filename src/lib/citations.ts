import type { Author, Paper } from './bibtex.ts';

/** How a paper is named in running text: "Jacot et al." and "2018" (or "2018a" when needed). */
export interface CitationLabel {
  authors: string;
  year: string;
}

/** "Neal", "Bietti and Mairal", "Jacot et al." */
export function shortAuthors(authors: readonly Author[]): string {
  if (authors.length === 0) return 'Anonymous';
  if (authors.length === 1) return authors[0].family;
  if (authors.length === 2) return `${authors[0].family} and ${authors[1].family}`;
  return `${authors[0].family} et al.`;
}

/**
 * Labels for every paper, with a/b/c suffixes where two papers would otherwise read the same
 * ("Raghunathan et al., 2018a"). Suffixes follow title order so they are stable across builds.
 */
export function citationLabels(papers: readonly Paper[]): Map<string, CitationLabel> {
  const groups = new Map<string, Paper[]>();
  for (const p of papers) {
    const id = `${shortAuthors(p.authors)}|${p.year}`;
    const list = groups.get(id) ?? [];
    list.push(p);
    groups.set(id, list);
  }
  const labels = new Map<string, CitationLabel>();
  for (const list of groups.values()) {
    list.sort((a, b) => a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
    list.forEach((p, i) => {
      const suffix = list.length > 1 ? String.fromCharCode(97 + (i % 26)) : '';
      labels.set(p.key, { authors: shortAuthors(p.authors), year: `${p.year}${suffix}` });
    });
  }
  return labels;
}

/** "Arthur Jacot": given names first. */
export function personName(a: Author): string {
  return a.given ? `${a.given} ${a.family}` : a.family;
}

/** What goes before the `i`-th of `n` names in "A, B and C": nothing, ", " or " and ". */
export function nameSeparator(i: number, n: number): string {
  return i === 0 ? '' : i === n - 1 ? ' and ' : ', ';
}

/** "Arthur Jacot, Franck Gabriel and Clément Hongler" (given names first, up to `max` names). */
export function fullAuthors(authors: readonly Author[], max = 12): string {
  const names = authors.map(personName);
  if (names.length > max) return `${names.slice(0, max).join(', ')} et al.`;
  return names.map((name, i) => nameSeparator(i, names.length) + name).join('');
}

/** A link shown with a reference. */
export interface PaperLink {
  label: string;
  href: string;
}

/** The paper's external links: arXiv abstract page, DOI resolver, then its URL if different. */
export function paperLinks(paper: Pick<Paper, 'arxiv' | 'doi' | 'url'>): PaperLink[] {
  const links: PaperLink[] = [];
  if (paper.arxiv) links.push({ label: `arXiv:${paper.arxiv}`, href: `https://arxiv.org/abs/${paper.arxiv}` });
  if (paper.doi) links.push({ label: `doi:${paper.doi}`, href: `https://doi.org/${paper.doi}` });
  const known = new Set(links.map((l) => l.href.replace(/^http:/, 'https:')));
  if (paper.url && !known.has(paper.url.replace(/^http:/, 'https:'))) {
    links.push({ label: hostOf(paper.url), href: paper.url });
  }
  return links;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return 'link';
  }
}

/** A reference as one line of plain text: "Jacot, Gabriel and Hongler (2018). Title. Venue." */
export function formatReferenceText(paper: Paper): string {
  return `${fullAuthors(paper.authors)} (${paper.year}). ${paper.title}. ${paper.venue}.`;
}

/** One citation inside `[@a, p. 7; @b]`. */
export interface CitationItem {
  key: string;
  prefix?: string;
  locator?: string;
  /** `[-@key]`: show the year only. */
  suppressAuthor?: boolean;
}

// A prefix must end in a space before the `@`, so `[email@x.com]` is not a citation of `x.com`.
const CITATION_ITEM =
  /^\s*(?:(.*?)\s+)?(-?)@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_]|[\p{L}\p{N}_])\s*(?:,\s*(.*?))?\s*$/u;

/**
 * Parses the inside of a bracketed citation (`see @a, p. 7; @b`) into items, or returns undefined
 * when the brackets do not hold a citation (so `[@]` or `[email@x]` stay plain text).
 */
export function parseBracketCitation(inner: string): CitationItem[] | undefined {
  const parts = inner.split(';');
  const items: CitationItem[] = [];
  for (const part of parts) {
    const m = CITATION_ITEM.exec(part);
    if (!m) return undefined;
    items.push({ prefix: m[1] || undefined, suppressAuthor: m[2] === '-', key: m[3], locator: m[4] || undefined });
  }
  return items.length > 0 ? items : undefined;
}

/** Matches a narrative citation `@key` not preceded by a word character (so e-mail addresses are left alone). */
export const narrativeCitationPattern =
  /(?<![\p{L}\p{N}_@.])@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_]|[\p{L}\p{N}_])/gu;

/**
 * The distinct keys of a note's citations in the order a reader meets them. The citation plugin
 * finds bracketed citations in one pass and narrative ones in a second, so its list is not in
 * reading order; where each was written is.
 */
export function keysInReadingOrder(citations: readonly { key: string; line: number; column: number }[]): string[] {
  const sorted = [...citations].sort((a, b) => a.line - b.line || a.column - b.column);
  return [...new Set(sorted.map((c) => c.key))];
}
