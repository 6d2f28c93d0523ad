import GithubSlugger from 'github-slugger';
import type { Author } from './bibtex.ts';
import { foldLatin } from './slugs.ts';

/**
 * Authors across the bibliography, with the spellings of one person merged: "Jacot, Arthur" and
 * "Jacot, A.", "Jeremy Cohen" and "Jeremy M. Cohen", "Clément" and "Clement". Names are compared
 * without accents and case; the BibTeX parser has already decoded `{\'e}` and read both
 * "Last, First" and "First Last".
 */

/** One person (or organisation), every spelling merged. */
export interface AuthorGroup {
  slug: string;
  /** The fullest spelling ("Jeremy M. Cohen" rather than "Jeremy Cohen"). */
  name: Author;
  /** The name as a reader says it: "Arthur Jacot", "Johannes von Oswald". */
  display: string;
  /** The other spellings, as "Family, Given". */
  variants: string[];
  /** Family name without lowercase particles, accents and case: what the index sorts by. */
  sortKey: string;
  /** The index letter, A–Z (or # for a name that starts otherwise). */
  initial: string;
  /** Keys of their papers, in the order the papers were given. */
  papers: string[];
  /** Co-authors, most joint papers first. */
  coauthors: { slug: string; papers: number }[];
}

export interface AuthorIndex {
  /** Every author, by family name, then given name. */
  authors: AuthorGroup[];
  /** Paper key → the slug of each of its authors, in author order. */
  byPaper: Map<string, string[]>;
}

interface Token {
  text: string;
  /** An initial or a cut name ("A.", "Ya."): it matches any name it begins. */
  abbreviated: boolean;
}

const key = (text: string) =>
  foldLatin(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function tokens(given: string | undefined): Token[] {
  return [...foldLatin(given ?? '').matchAll(/([\p{L}\p{N}']+)(\.)?/gu)].map((m) => ({
    text: m[1].toLowerCase(),
    abbreviated: m[2] === '.' || m[1].length === 1,
  }));
}

const tokenMatch = (a: Token, b: Token) =>
  a.text === b.text || (a.abbreviated && b.text.startsWith(a.text)) || (b.abbreviated && a.text.startsWith(b.text));

/**
 * True when two given names can belong to one person: each name the shorter one has agrees with the
 * longer one's (equal, or an initial of it); a middle name may be left out. A first name that begins
 * the other (Sam, Samuel) counts only when a middle name agrees too: alone it would merge Hong and Hongyi.
 */
export function sameGivenName(a: string | undefined, b: string | undefined): boolean {
  const [x, y] = [tokens(a), tokens(b)];
  if (x.length === 0 || y.length === 0) return x.length === y.length;
  const n = Math.min(x.length, y.length);
  const rest = x.slice(1, n).every((t, i) => tokenMatch(t, y[i + 1]));
  if (tokenMatch(x[0], y[0])) return rest;
  const [short, long] = x[0].text.length <= y[0].text.length ? [x[0].text, y[0].text] : [y[0].text, x[0].text];
  return n >= 2 && rest && short.length >= 3 && long.startsWith(short);
}

/**
 * Splits the spellings of one family name into people. Compatible spellings are one person; a
 * spelling compatible with two that are not ("J." with "Jason" and "Jaehoon") could be either, so it
 * stays on its own. Once those are set aside every connected group is pairwise compatible.
 */
export function splitPeople(givens: readonly (string | undefined)[]): number[][] {
  const n = givens.length;
  const ok = givens.map((a, i) => givens.map((b, j) => i === j || sameGivenName(a, b)));
  const ambiguous = givens.map((_, v) =>
    givens.some((_, a) => a !== v && ok[v][a] && givens.some((_, b) => b !== v && b !== a && ok[v][b] && !ok[a][b])),
  );
  const seen = new Array<boolean>(n).fill(false);
  const groups: number[][] = [];
  for (let start = 0; start < n; start++) {
    if (seen[start]) continue;
    seen[start] = true;
    const group = [start];
    if (!ambiguous[start]) {
      for (let k = 0; k < group.length; k++) {
        for (let w = 0; w < n; w++) {
          if (!seen[w] && !ambiguous[w] && ok[group[k]][w]) {
            seen[w] = true;
            group.push(w);
          }
        }
      }
    }
    groups.push(group.sort((a, b) => a - b));
  }
  return groups;
}

const written = (a: Author) => (a.given ? `${a.family}, ${a.given}` : a.family);
const spoken = (a: Author) => (a.given ? `${a.given} ${a.family}` : a.family);

/** How full a spelling is: whole given names first, then more names, then accents kept. */
function fullness(a: Author): number[] {
  const t = tokens(a.given);
  const accents = spoken(a).normalize('NFKD').length - spoken(a).length;
  return [t.filter((x) => !x.abbreviated).reduce((s, x) => s + x.text.length, 0), t.length, accents];
}

function fullest(names: readonly Author[]): Author {
  return [...names].sort((a, b) => {
    const [fa, fb] = [fullness(a), fullness(b)];
    const d = fa.findIndex((v, i) => v !== fb[i]);
    return d >= 0 ? fb[d] - fa[d] : written(a).localeCompare(written(b));
  })[0];
}

/** "von Oswald" sorts under O, "d'Ascoli" under A; "Van Horn", capitalised, under V. */
function sortKeyOf(family: string): string {
  const words = family.split(/\s+/);
  const from = words.findIndex((w, i) => i === words.length - 1 || !/^\p{Ll}/u.test(w));
  return key(
    words
      .slice(from)
      .join(' ')
      .replace(/^\p{Ll}+['’]/u, ''),
  );
}

/** Groups the authors of every paper into people, with slugs, index letters and co-authors. */
export function buildAuthorIndex(papers: readonly { key: string; authors: readonly Author[] }[]): AuthorIndex {
  const byFamily = new Map<string, Map<string, { name: Author; at: [string, number][] }>>();
  for (const p of papers) {
    p.authors.forEach((a, i) => {
      const spellings = byFamily.get(key(a.family)) ?? new Map();
      byFamily.set(key(a.family), spellings);
      const s = spellings.get(written(a)) ?? { name: a, at: [] };
      spellings.set(written(a), s);
      s.at.push([p.key, i]);
    });
  }
  const people: { name: Author; spellings: Author[]; at: [string, number][] }[] = [];
  for (const spellings of byFamily.values()) {
    const list = [...spellings.values()];
    for (const group of splitPeople(list.map((s) => s.name.given))) {
      const members = group.map((i) => list[i]);
      people.push({
        name: fullest(members.map((m) => m.name)),
        spellings: members.map((m) => m.name),
        at: members.flatMap((m) => m.at),
      });
    }
  }
  const sorted = people
    .map((p) => ({ ...p, sortKey: sortKeyOf(p.name.family) }))
    .sort(
      (a, b) =>
        a.sortKey.localeCompare(b.sortKey) ||
        key(spoken(a.name)).localeCompare(key(spoken(b.name))) ||
        written(a.name).localeCompare(written(b.name)),
    );
  const slugger = new GithubSlugger();
  const order = new Map(papers.map((p, i) => [p.key, i]));
  const byPaper = new Map(papers.map((p) => [p.key, new Array<string>(p.authors.length)]));
  const authors: AuthorGroup[] = sorted.map((p) => {
    const slug = slugger.slug(foldLatin(spoken(p.name))) || slugger.slug('author');
    for (const [paper, i] of p.at) (byPaper.get(paper) as string[])[i] = slug;
    const initial = p.sortKey.charAt(0).toUpperCase();
    return {
      slug,
      name: p.name,
      display: spoken(p.name),
      variants: [...new Set(p.spellings.map(written))].filter((w) => w !== written(p.name)).sort(),
      sortKey: p.sortKey,
      initial: /[A-Z]/.test(initial) ? initial : '#',
      papers: [...new Set(p.at.map(([paper]) => paper))].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      coauthors: [],
    };
  });
  fillCoauthors(authors, byPaper);
  return { authors, byPaper };
}

function fillCoauthors(authors: AuthorGroup[], byPaper: ReadonlyMap<string, string[]>): void {
  const bySlug = new Map(authors.map((a) => [a.slug, a]));
  for (const a of authors) {
    const counts = new Map<string, number>();
    for (const paper of a.papers)
      for (const other of new Set(byPaper.get(paper)))
        if (other !== a.slug) counts.set(other, (counts.get(other) ?? 0) + 1);
    a.coauthors = [...counts]
      .map(([slug, papers]) => ({ slug, papers }))
      .sort(
        (x, y) =>
          y.papers - x.papers ||
          (bySlug.get(x.slug)?.sortKey ?? '').localeCompare(bySlug.get(y.slug)?.sortKey ?? '') ||
          x.slug.localeCompare(y.slug),
      );
  }
}

/** The notes that cite any of `papers`, in `order` (the home page's). */
export function notesCiting(
  papers: readonly { citedIn: readonly { slug: string }[] }[],
  order: readonly string[],
): string[] {
  const citing = new Set(papers.flatMap((p) => p.citedIn.map((c) => c.slug)));
  return order.filter((slug) => citing.has(slug));
}

/** Authors by index letter, in order. */
export function groupByInitial(authors: readonly AuthorGroup[]): { initial: string; authors: AuthorGroup[] }[] {
  const groups = new Map<string, AuthorGroup[]>();
  for (const a of authors) {
    const list = groups.get(a.initial) ?? [];
    list.push(a);
    groups.set(a.initial, list);
  }
  return [...groups]
    .map(([initial, list]) => ({ initial, authors: list }))
    .sort((a, b) => (a.initial === '#' ? 1 : b.initial === '#' ? -1 : a.initial.localeCompare(b.initial)));
}

/**
 * A name in pieces, initials marked (`Thomas `, `M. `, `Cover`), so pages can keep initials out of
 * the search index: Pagefind matches an indexed word that begins a query word, so an "M." indexed
 * as "m" made every author with that initial a result for "memorization".
 */
export function nameParts(name: string): { text: string; initial: boolean }[] {
  return (name.match(/\S+\s*/g) ?? []).map((text) => ({
    text,
    initial: /^(\p{L}\.?-?)+[,;]?\s*$/u.test(text) && !/^\p{L}{2}/u.test(text),
  }));
}

/** The name without its initials, as search indexes it ("Thomas Cover"). */
export function searchName(name: string): string {
  return nameParts(name)
    .filter((p) => !p.initial)
    .map((p) => p.text.trim())
    .join(' ');
}
