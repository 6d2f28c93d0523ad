/**
 * The link graph, computed once per build: forward links and their inverse. Backlinks, related
 * notes and the map all read this one structure. Everything here is linear in the number of links
 * (related notes are bounded per note), so it stays fast at thousands of notes.
 */

export interface GraphNote {
  slug: string;
  /** Outgoing links, one per occurrence, with the sentence they sit in. */
  links: readonly { slug: string; context: string }[];
  citations: readonly { key: string }[];
  tags: readonly string[];
  /** Explicit `related:` slugs, already resolved. */
  related: readonly string[];
}

export interface Backlink {
  slug: string;
  contexts: string[];
}

export interface LinkGraph {
  /** slug → distinct slugs it links to (self-links excluded) */
  forward: Map<string, Set<string>>;
  /** slug → notes linking to it, each with the sentences that link, in source order */
  backward: Map<string, Backlink[]>;
}

/** Builds forward links and backlinks with their contexts. */
export function buildLinkGraph(notes: readonly GraphNote[]): LinkGraph {
  const forward = new Map<string, Set<string>>();
  const backward = new Map<string, Backlink[]>();
  for (const n of notes) {
    forward.set(n.slug, new Set());
    backward.set(n.slug, []);
  }
  for (const n of notes) {
    const byTarget = new Map<string, Backlink>();
    for (const link of n.links) {
      if (link.slug === n.slug || !forward.has(link.slug)) continue;
      forward.get(n.slug)?.add(link.slug);
      let entry = byTarget.get(link.slug);
      if (!entry) {
        entry = { slug: n.slug, contexts: [] };
        byTarget.set(link.slug, entry);
        backward.get(link.slug)?.push(entry);
      }
      if (link.context && !entry.contexts.includes(link.context)) entry.contexts.push(link.context);
    }
  }
  return { forward, backward };
}

/** Weights of the signals that make two notes related. */
const WEIGHT = { link: 3, citation: 2, tag: 1, sharedTarget: 1 } as const;
/** An inverted list longer than this is sampled, so one huge tag cannot make the step quadratic. */
const MAX_POSTINGS = 200;

/**
 * The `k` slugs with the highest scores, best first, ties to the lower `place`. Kept in a short
 * sorted list instead of sorting every scored note: a note with popular tags scores hundreds.
 */
export function best(scores: Iterable<[string, number]>, k: number, place: (slug: string) => number): string[] {
  const top: [slug: string, score: number, place: number][] = [];
  for (const [slug, score] of scores) {
    const p = place(slug);
    let i = top.length;
    while (i > 0 && (score > top[i - 1][1] || (score === top[i - 1][1] && p < top[i - 1][2]))) i--;
    if (i >= k) continue;
    top.splice(i, 0, [slug, score, p]);
    if (top.length > k) top.pop();
  }
  return top.map(([slug]) => slug);
}

/**
 * Related notes for every note: its explicit `related:` first, then the notes sharing the most
 * links, citations and tags, best first, at most `limit` in all.
 */
export function relatedNotes(notes: readonly GraphNote[], graph: LinkGraph, limit = 5): Map<string, string[]> {
  // Notes by position: scores live in one array, reset after each note, instead of a map per note
  // (`npm run dev` computes this again after every edit: 130 ms at 1,000 notes with maps).
  const slugs = notes.map((n) => n.slug);
  const at = new Map(slugs.map((s, i) => [s, i]));
  const indices = (list: Iterable<string>) => [...list].flatMap((s) => at.get(s) ?? []);
  const postings = (pick: (n: GraphNote) => Iterable<string>) => {
    const index = new Map<string, number[]>();
    notes.forEach((n, i) => {
      for (const v of new Set(pick(n))) {
        const list = index.get(v) ?? [];
        if (list.length < MAX_POSTINGS) list.push(i);
        index.set(v, list);
      }
    });
    return index;
  };
  const byTag = postings((n) => n.tags);
  const byCitation = postings((n) => n.citations.map((c) => c.key));
  const byTarget = postings((n) => graph.forward.get(n.slug) ?? []);

  // Ties go to the slug first in alphabetical order: each slug's place in that order, sorted once.
  const order = new Map([...slugs].sort((a, b) => a.localeCompare(b)).map((s, i) => [s, i]));
  const place = (slug: string) => order.get(slug) ?? order.size;
  const score = new Float64Array(notes.length);
  const touched: number[] = [];
  const result = new Map<string, string[]>();
  notes.forEach((n, self) => {
    const add = (j: number, w: number) => {
      if (j === self) return;
      if (score[j] === 0) touched.push(j);
      score[j] += w;
    };
    const forward = indices(graph.forward.get(n.slug) ?? []);
    for (const j of forward) add(j, WEIGHT.link);
    for (const j of indices((graph.backward.get(n.slug) ?? []).map((b) => b.slug))) add(j, WEIGHT.link);
    for (const key of new Set(n.citations.map((c) => c.key)))
      for (const j of byCitation.get(key) ?? []) add(j, WEIGHT.citation);
    for (const tag of new Set(n.tags)) for (const j of byTag.get(tag) ?? []) add(j, WEIGHT.tag);
    for (const t of graph.forward.get(n.slug) ?? []) for (const j of byTarget.get(t) ?? []) add(j, WEIGHT.sharedTarget);
    const explicit = n.related.filter((s) => s !== n.slug);
    const ranked = best(
      touched.map((j): [string, number] => [slugs[j], score[j]]),
      limit + explicit.length,
      place,
    );
    for (const j of touched) score[j] = 0;
    touched.length = 0;
    result.set(n.slug, [...new Set([...explicit, ...ranked])].slice(0, Math.max(limit, explicit.length)));
  });
  return result;
}
