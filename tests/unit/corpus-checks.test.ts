import { describe, expect, it } from 'vitest';
import {
  citingNotes,
  labelCollisions,
  nameConflictProblems,
  orphanProblems,
  resolveAnchors,
  resolveRelated,
  usedIn,
} from '../../src/lib/corpus-checks.ts';
import { buildLinkIndex } from '../../src/lib/link-resolver.ts';

const notes = [
  { slug: 'ntk', file: 'content/notes/ntk.md', title: 'Neural tangent kernel', titleLine: 2, aliasLine: 5 },
  { slug: 'gp', file: 'content/notes/gp.md', title: 'Gaussian processes', titleLine: 2, aliasLine: 6 },
];

describe('nameConflictProblems', () => {
  it('reports a shared alias on each note that claims it, at its aliases line', () => {
    const { conflicts } = buildLinkIndex([
      { slug: 'ntk', title: 'Neural tangent kernel', aliases: ['infinite width'] },
      { slug: 'gp', title: 'Gaussian processes', aliases: ['infinite width'] },
    ]);
    expect(nameConflictProblems(conflicts, notes).map((p) => `${p.file}:${p.line} ${p.rule}`)).toEqual([
      'content/notes/ntk.md:5 duplicate-alias',
      'content/notes/gp.md:6 duplicate-alias',
    ]);
  });
});

describe('resolveAnchors', () => {
  const targets = new Map([
    ['ntk', { headings: [{ id: 'setup', text: 'Setup' }], labels: ['ntk-convergence', 'eq:ntk'] }],
    ['gp', { headings: [], labels: [] }],
  ]);
  const previous = new Map([['ntk', new Set(['ntk-limit'])]]);
  it.each([
    [{ slug: 'ntk', heading: 'Setup' }, 'setup', []],
    [{ slug: 'ntk', heading: 'ntk-convergence' }, 'ntk-convergence', []],
    [{ slug: 'ntk', heading: 'eq:ntk' }, 'eq:ntk', []],
    [
      { slug: 'ntk', heading: 'Stup' },
      undefined,
      ['missing-heading heading "Stup" does not exist in ntk. Did you mean "Setup"? Headings there: Setup'],
    ],
    [
      { slug: 'gp', heading: 'Setup' },
      undefined,
      ['missing-heading heading "Setup" does not exist in gp. That note has no headings.'],
    ],
    [
      { slug: 'ntk', heading: 'ntk-convergnce' },
      undefined,
      [
        'missing-label "#ntk-convergnce" names no result, equation or heading in ntk. Did you mean "ntk-convergence"? Labels there: ntk-convergence, eq:ntk',
      ],
    ],
    [
      { slug: 'ntk', heading: 'ntk-limit' },
      undefined,
      [
        'renamed-label label "ntk-limit" no longer exists in ntk (it did in the last build: renamed or removed?); update this reference. Labels there: ntk-convergence, eq:ntk',
      ],
    ],
    [{ slug: 'gp' }, undefined, []],
  ])('resolves %j to anchor %j', (link, anchor, messages) => {
    const r = resolveAnchors('a.md', [{ ...link, line: 3, column: 4, context: '' }], targets, previous);
    expect(r.links[0].anchor).toBe(anchor);
    expect(r.problems.map((p) => `${p.rule} ${p.message}`)).toEqual(messages);
  });
});

describe('usedIn', () => {
  it('lists the notes whose links land on a label, with their distinct sentences', () => {
    const uses = usedIn([
      {
        slug: 'a',
        links: [
          { slug: 'ntk', anchor: 'thm', labelled: true, context: 'By it.' },
          { slug: 'ntk', anchor: 'thm', labelled: true, context: 'By it.' },
          { slug: 'ntk', anchor: 'setup', context: 'x' },
        ],
      },
      { slug: 'ntk', links: [{ slug: 'ntk', anchor: 'thm', labelled: true, context: 'Here.' }] },
    ]);
    expect([...uses]).toEqual([
      [
        'ntk#thm',
        [
          { slug: 'a', contexts: ['By it.'] },
          { slug: 'ntk', contexts: ['Here.'] },
        ],
      ],
    ]);
  });
});

describe('labelCollisions', () => {
  it('reports a label that is also a heading id of its note', () => {
    expect(
      labelCollisions(
        'a.md',
        [
          { label: 'setup', line: 9 },
          { label: 'thm', line: 12 },
        ],
        [{ id: 'setup', text: 'Setup' }],
      ).map((p) => `${p.line} ${p.rule}`),
    ).toEqual(['9 duplicate-label']);
  });
});

describe('resolveRelated', () => {
  it('keeps entries that name a note and reports the others at their line', () => {
    const { index } = buildLinkIndex([{ slug: 'ntk', title: 'Neural tangent kernel', aliases: ['NTK'] }]);
    const r = resolveRelated(index, 'a.md', ['NTK', 'nkt'], [7, 8]);
    expect(r.related).toEqual(['ntk']);
    expect(r.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '8 related entry "nkt" (item 2) names no note. Did you mean "NTK"?',
    ]);
  });
});

describe('orphanProblems', () => {
  it('warns about notes nothing links to, but not in a one-note corpus or for broken notes', () => {
    const ns = [
      { slug: 'a', file: 'a.md', linkedFrom: 0, checkable: true },
      { slug: 'b', file: 'b.md', linkedFrom: 2, checkable: true },
      { slug: 'c', file: 'c.md', linkedFrom: 0, checkable: false },
    ];
    expect(orphanProblems(ns).map((p) => `${p.file} ${p.severity}`)).toEqual(['a.md warning']);
    expect(orphanProblems(ns.slice(0, 1))).toEqual([]);
  });
});

describe('citingNotes', () => {
  it('groups citations by paper and note, keeping distinct sentences in order and landing on the first', () => {
    const r = citingNotes([
      {
        slug: 'a',
        citations: [
          { key: 'k', context: 'one', anchor: 'cite-k-1' },
          { key: 'k', context: 'one', anchor: 'cite-k-2' },
          { key: 'k', context: 'two', anchor: 'cite-k-3' },
        ],
      },
      { slug: 'b', citations: [{ key: 'k', context: '', anchor: 'cite-k-1' }] },
    ]);
    expect(r.get('k')).toEqual([
      { slug: 'a', contexts: ['one', 'two'], anchor: 'cite-k-1' },
      { slug: 'b', contexts: [], anchor: 'cite-k-1' },
    ]);
  });
});
