/**
 * What the search shows, decided after Pagefind has ranked. Pagefind substitutes the longest prefix
 * it knows for a word it does not know (pagefind#315: "xyzzyq" finds pages with the letter "x"), and
 * ranks a prefix match ("PL" → "plus") by term frequency like a whole word. So the top results are
 * checked against what they actually matched: a result whose matches are unrelated to every query
 * term is dropped, a note whose title or alias is the query comes first, and for short queries
 * (acronyms) whole-word matches come before prefix matches.
 */

/** What a result matched, from its loaded data. */
export interface MatchedResult {
  /** The words Pagefind highlighted (`<mark>`) in its excerpts. */
  marked: string[];
  title: string;
  /** The note's aliases. */
  aliases: string[];
  /** The names of the symbols in its formulas (`nabla`, `norm`). */
  math: string[];
}

/** Lower case, no accents or punctuation: how two spellings of a word are compared. */
export function fold(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Whether a matched word belongs to a query term: the word extends the term (typing "gradi"), or
 * they share a stem ("regularized" for "regularization"), but not one letter of it.
 */
export function isRelated(word: string, term: string): boolean {
  const w = fold(word);
  const t = fold(term);
  if (!w || !t) return false;
  if (w.startsWith(t)) return true;
  return commonPrefix(w, t) >= Math.max(4, Math.ceil(0.6 * Math.min(w.length, t.length)));
}

/** The words a result matched (highlighted in excerpts, or in its title and meta when nothing is). */
function candidateWords(r: MatchedResult): string[] {
  return [...r.marked, ...`${r.title} ${r.aliases.join(' ')} ${r.math.join(' ')}`.split(/[\s,;:]+/)];
}

/** How well a result matches: 0 unrelated, 1 prefix or stem, 2 a whole word, 3 its title or an alias is the query. */
export function matchQuality(r: MatchedResult, query: string, terms: readonly string[]): number {
  const q = fold(query);
  if (q && [r.title, ...r.aliases].some((name) => fold(name) === q)) return 3;
  const words = candidateWords(r).map(fold).filter(Boolean);
  if (terms.length > 0 && terms.every((t) => words.includes(fold(t)))) return 2;
  return terms.some((t) => words.some((w) => isRelated(w, t))) ? 1 : 0;
}

/**
 * The order to show the checked results in: indices into `checked`, unrelated ones left out,
 * stable within each quality. Results after the checked ones keep Pagefind's order.
 */
export function refineOrder(checked: readonly MatchedResult[], query: string, terms: readonly string[]): number[] {
  const quality = checked.map((r) => matchQuality(r, query, terms));
  const short = fold(query).length <= 3;
  const rank = (q: number) => (q === 3 ? 0 : short && q === 2 ? 1 : 2);
  return quality
    .map((q, i) => ({ q, i }))
    .filter(({ q }) => q > 0)
    .sort((a, b) => rank(a.q) - rank(b.q) || a.i - b.i)
    .map(({ i }) => i);
}

/** The highlighted words of an excerpt. */
export function markedWords(excerpt: string): string[] {
  return [...excerpt.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);
}

/** A name readers may have meant: [name, the page's title, its URL]. */
export type KnownName = [name: string, title: string, url: string];

/**
 * The names closest to a query that found nothing: names containing it (or contained in it) first,
 * then by edit distance relative to length, at most `n`, one per page.
 */
export function nearestNames(
  query: string,
  names: readonly KnownName[],
  n = 5,
  distance: (a: string, b: string) => number,
): KnownName[] {
  const q = fold(query);
  if (q.length < 2) return [];
  const scored = names
    .map((entry) => {
      const name = fold(entry[0]);
      const contains = name.includes(q) || (name.length >= 3 && q.includes(name));
      return { entry, score: contains ? 0 : distance(q, name) / Math.max(q.length, name.length) };
    })
    .filter(({ score }) => score <= 0.5)
    .sort((a, b) => a.score - b.score || a.entry[0].length - b.entry[0].length);
  const seen = new Set<string>();
  const out: KnownName[] = [];
  for (const { entry } of scored) {
    if (seen.has(entry[2])) continue;
    seen.add(entry[2]);
    out.push(entry);
    if (out.length === n) break;
  }
  return out;
}
