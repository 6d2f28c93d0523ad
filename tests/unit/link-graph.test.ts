import { describe, expect, it } from 'vitest';
import { best, buildLinkGraph, relatedNotes, type GraphNote } from '../../src/lib/link-graph.ts';

/** A note for the graph; links are `slug` or `[slug, context]`. */
const note = (
  slug: string,
  opts: { links?: (string | [string, string])[]; cites?: string[]; tags?: string[]; related?: string[] } = {},
): GraphNote => ({
  slug,
  links: (opts.links ?? []).map((l) =>
    typeof l === 'string' ? { slug: l, context: '' } : { slug: l[0], context: l[1] },
  ),
  citations: (opts.cites ?? []).map((key) => ({ key })),
  tags: opts.tags ?? [],
  related: opts.related ?? [],
});

const sets = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v]]));

describe('buildLinkGraph: forward links', () => {
  it.each([
    ['one link', [note('a', { links: ['b'] }), note('b')], { a: ['b'], b: [] }],
    [
      'repeated links counted once',
      [note('a', { links: ['b', 'b', 'c'] }), note('b'), note('c')],
      { a: ['b', 'c'], b: [], c: [] },
    ],
    ['a self-link ignored', [note('a', { links: ['a', 'b'] }), note('b')], { a: ['b'], b: [] }],
    ['a link to an unknown slug ignored', [note('a', { links: ['ghost'] })], { a: [] }],
    ['a cycle', [note('a', { links: ['b'] }), note('b', { links: ['a'] })], { a: ['b'], b: ['a'] }],
    ['no notes', [], {}],
  ])('records %s', (_name, notes, expected) => {
    expect(sets(buildLinkGraph(notes).forward)).toEqual(expected);
  });
});

describe('buildLinkGraph: backlinks', () => {
  it('lists the notes linking here, in note order, with the sentences that link', () => {
    const graph = buildLinkGraph([
      note('a', {
        links: [
          ['c', 'A links to <mark>C</mark>.'],
          ['c', 'A again links to <mark>C</mark>.'],
        ],
      }),
      note('b', { links: [['c', 'B links to <mark>C</mark>.']] }),
      note('c'),
    ]);
    expect(graph.backward.get('c')).toEqual([
      { slug: 'a', contexts: ['A links to <mark>C</mark>.', 'A again links to <mark>C</mark>.'] },
      { slug: 'b', contexts: ['B links to <mark>C</mark>.'] },
    ]);
  });

  it('keeps one backlink per linking note and drops repeated and empty contexts', () => {
    const graph = buildLinkGraph([
      note('a', {
        links: [
          ['b', 'Same.'],
          ['b', 'Same.'],
          ['b', ''],
        ],
      }),
      note('b'),
    ]);
    expect(graph.backward.get('b')).toEqual([{ slug: 'a', contexts: ['Same.'] }]);
  });

  it('gives a note no backlink from itself', () => {
    const graph = buildLinkGraph([note('a', { links: [['a', 'Self.']] })]);
    expect(graph.backward.get('a')).toEqual([]);
  });

  it('gives every note an entry, even with no backlinks', () => {
    const graph = buildLinkGraph([note('a'), note('b')]);
    expect([...graph.backward.keys()]).toEqual(['a', 'b']);
  });

  it('is the inverse of the forward links', () => {
    const notes = [note('a', { links: ['b', 'c'] }), note('b', { links: ['c'] }), note('c', { links: ['a'] })];
    const graph = buildLinkGraph(notes);
    const inverse = [...graph.backward].flatMap(([to, from]) => from.map((b) => `${b.slug}->${to}`)).sort();
    const forward = [...graph.forward].flatMap(([from, to]) => [...to].map((t) => `${from}->${t}`)).sort();
    expect(inverse).toEqual(forward);
  });
});

describe('relatedNotes', () => {
  const rank = (notes: GraphNote[], limit?: number) =>
    Object.fromEntries(relatedNotes(notes, buildLinkGraph(notes), limit));

  it.each([
    ['a link in either direction', [note('a', { links: ['b'] }), note('b'), note('c')], { a: ['b'], b: ['a'], c: [] }],
    [
      'a shared citation',
      [note('a', { cites: ['k'] }), note('b', { cites: ['k'] }), note('c')],
      { a: ['b'], b: ['a'], c: [] },
    ],
    [
      'a shared tag',
      [note('a', { tags: ['t'] }), note('b', { tags: ['t'] }), note('c', { tags: ['u'] })],
      { a: ['b'], b: ['a'], c: [] },
    ],
    [
      'a shared link target',
      [note('a', { links: ['t'] }), note('b', { links: ['t'] }), note('t')],
      { a: ['t', 'b'], b: ['t', 'a'], t: ['a', 'b'] },
    ],
  ])('relates two notes through %s', (_name, notes, expected) => {
    expect(rank(notes)).toEqual(expected);
  });

  it('ranks links (3) above citations (2) above tags (1)', () => {
    const notes = [
      note('x', { links: ['by-link'], cites: ['k'], tags: ['t'] }),
      note('by-tag', { tags: ['t'] }),
      note('by-cite', { cites: ['k'] }),
      note('by-link'),
    ];
    expect(rank(notes).x).toEqual(['by-link', 'by-cite', 'by-tag']);
  });

  it('adds up the signals, so two tags beat one', () => {
    const notes = [note('x', { tags: ['t', 'u'] }), note('one', { tags: ['t'] }), note('two', { tags: ['t', 'u'] })];
    expect(rank(notes).x).toEqual(['two', 'one']);
  });

  it('breaks ties by slug', () => {
    const notes = [
      note('x', { tags: ['t'] }),
      note('c', { tags: ['t'] }),
      note('a', { tags: ['t'] }),
      note('b', { tags: ['t'] }),
    ];
    expect(rank(notes).x).toEqual(['a', 'b', 'c']);
  });

  it('counts a citation or tag repeated within one note once', () => {
    const notes = [
      note('x', { cites: ['k', 'k', 'k'], tags: ['u'] }),
      note('cite', { cites: ['k'] }),
      note('tags', { tags: ['u', 'u'] }),
      note('link', { links: ['x'] }),
    ];
    expect(rank(notes).x).toEqual(['link', 'cite', 'tags']);
  });

  it('puts explicit related notes first, in their order', () => {
    const notes = [note('x', { links: ['a'], related: ['c', 'b'] }), note('a'), note('b'), note('c')];
    expect(rank(notes).x).toEqual(['c', 'b', 'a']);
  });

  it('keeps every explicit related note even beyond the limit', () => {
    const notes = [note('x', { links: ['d'], related: ['a', 'b', 'c'] }), note('a'), note('b'), note('c'), note('d')];
    expect(rank(notes, 2).x).toEqual(['a', 'b', 'c']);
  });

  it('stops at the limit', () => {
    const notes = [
      note('x', { tags: ['t'] }),
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => note(s, { tags: ['t'] })),
    ];
    expect(rank(notes).x).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(rank(notes, 2).x).toEqual(['a', 'b']);
  });

  it('never relates a note to itself, even when it names itself as related', () => {
    const notes = [note('x', { links: ['x'], tags: ['t'], related: ['x'] }), note('y', { tags: ['t'] })];
    expect(rank(notes).x).toEqual(['y']);
  });

  it('lists an explicit related note once even when it also scores', () => {
    const notes = [note('x', { links: ['a'], related: ['a'] }), note('a')];
    expect(rank(notes).x).toEqual(['a']);
  });

  it('stays fast with one tag on thousands of notes', () => {
    const notes = Array.from({ length: 5000 }, (_, i) =>
      note(`n${i}`, { tags: ['common'], links: [`n${(i + 1) % 5000}`] }),
    );
    const started = performance.now();
    const related = rank(notes);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(related.n0).toHaveLength(5);
  });
});

describe('best: the top k scores without sorting them all', () => {
  // A seeded generator, so a failure can be replayed.
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

  it.each([0, 1, 5, 12])('picks what a full sort picks first, ties to the lower place (k = %i)', (k) => {
    for (let round = 0; round < 50; round++) {
      const slugs = Array.from({ length: Math.floor(random() * 40) }, (_, i) => `n${i}`);
      // Few distinct scores, so ties are common.
      const scores = new Map(slugs.map((s) => [s, Math.floor(random() * 4)] as const));
      const place = (s: string) => 100 - Number(s.slice(1));
      const sorted = [...scores].sort((a, b) => b[1] - a[1] || place(a[0]) - place(b[0])).map(([s]) => s);
      expect(best(scores, k, place)).toEqual(sorted.slice(0, k));
    }
  });
});
