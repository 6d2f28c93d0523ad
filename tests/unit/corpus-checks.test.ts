import { describe, expect, it } from 'vitest';
import { citingNotes, nameConflictProblems, orphanProblems, resolveHeadingLinks, resolveRelated } from '../../src/lib/corpus-checks.ts';
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
    expect(nameConflictProblems(conflicts, notes).map((p) => `${p.file}:${p.line} ${p.rule}`)).toEqual(['content/notes/ntk.md:5 duplicate-alias', 'content/notes/gp.md:6 duplicate-alias']);
  });
});

describe('resolveHeadingLinks', () => {
  const headings = new Map([['ntk', [{ id: 'setup', text: 'Setup' }]]]);
  it.each([
    [{ slug: 'ntk', heading: 'Setup' }, 'setup', []],
    [{ slug: 'ntk', heading: 'Stup' }, undefined, ['heading "Stup" does not exist in ntk. Did you mean "Setup"? Headings there: Setup']],
    [{ slug: 'gp', heading: 'Setup' }, undefined, ['heading "Setup" does not exist in gp. That note has no headings.']],
    [{ slug: 'gp' }, undefined, []],
  ])('resolves %j to anchor %j', (link, anchor, messages) => {
    const r = resolveHeadingLinks('a.md', [{ ...link, line: 3, column: 4, context: '' }], headings);
    expect(r.links[0].anchor).toBe(anchor);
    expect(r.problems.map((p) => p.message)).toEqual(messages);
  });
});

describe('resolveRelated', () => {
  it('keeps entries that name a note and reports the others at their line', () => {
    const { index } = buildLinkIndex([{ slug: 'ntk', title: 'Neural tangent kernel', aliases: ['NTK'] }]);
    const r = resolveRelated(index, 'a.md', ['NTK', 'nkt'], [7, 8]);
    expect(r.related).toEqual(['ntk']);
    expect(r.problems.map((p) => `${p.line} ${p.message}`)).toEqual(['8 related entry "nkt" (item 2) names no note. Did you mean "NTK"?']);
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
  it('groups citations by paper and note, keeping distinct sentences in order', () => {
    const r = citingNotes([
      { slug: 'a', citations: [{ key: 'k', context: 'one' }, { key: 'k', context: 'one' }, { key: 'k', context: 'two' }] },
      { slug: 'b', citations: [{ key: 'k', context: '' }] },
    ]);
    expect(r.get('k')).toEqual([{ slug: 'a', contexts: ['one', 'two'] }, { slug: 'b', contexts: [] }]);
  });
});
