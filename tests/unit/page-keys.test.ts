import { describe, expect, it } from 'vitest';
import { hashJson, sharedNoteView, sharedView } from '../../src/lib/page-keys.ts';

const note = (over: Record<string, unknown> = {}, derived: Record<string, unknown> = {}) => ({
  id: 'pl-condition',
  data: {
    title: 'The PL condition',
    summary: 'Gradient descent converges linearly under PL.',
    tags: ['optimization'],
    ...over,
    derived: {
      htmlFile: '/cache/abc.html',
      headings: [{ depth: 2, text: 'Setup', id: 'setup' }],
      words: 1200,
      formulas: 40,
      mathTokens: ['nabla'],
      readingMinutes: 6,
      links: [{ slug: 'ntk', context: 'As in the NTK note…' }],
      backlinks: [{ slug: 'ntk', contexts: ['PL holds near init…'] }],
      results: [
        { label: 'pl-rate', kind: 'theorem', number: 1, title: 'Linear rate', statementHtml: '<p>…</p>', line: 12 },
      ],
      lastUpdated: new Date('2026-11-01T00:00:00Z'),
      ...derived,
    },
  },
});
const key = (n: ReturnType<typeof note>) => hashJson(sharedNoteView(n));

describe('what other pages may show of a note', () => {
  it('does not change when only the note itself shows the change', () => {
    const base = key(note());
    expect(key(note({}, { htmlFile: '/cache/def.html', words: 1201, formulas: 41, mathTokens: ['sigma'] }))).toBe(base);
    expect(key(note({}, { headings: [{ depth: 2, text: 'Set-up', id: 'set-up' }] }))).toBe(base);
    expect(key(note({}, { links: [{ slug: 'ntk', context: 'Reworded.' }] }))).toBe(base);
    expect(key(note({}, { backlinks: [{ slug: 'ntk', contexts: ['Reworded.'] }] }))).toBe(base);
    const moved = [
      { label: 'pl-rate', kind: 'theorem', number: 1, title: 'Linear rate', statementHtml: '<p>new</p>', line: 30 },
    ];
    expect(key(note({}, { results: moved }))).toBe(base);
  });

  it('changes with what lists, links, previews and references show', () => {
    const base = key(note());
    expect(key(note({ title: 'PL' }))).not.toBe(base);
    expect(key(note({ summary: 'Other.' }))).not.toBe(base);
    expect(key(note({ tags: [] }))).not.toBe(base);
    expect(key(note({}, { readingMinutes: 7 }))).not.toBe(base);
    expect(key(note({}, { links: [{ slug: 'other', context: 'As in the NTK note…' }] }))).not.toBe(base);
    expect(key(note({}, { backlinks: [] }))).not.toBe(base);
    const renumbered = [
      { label: 'pl-rate', kind: 'theorem', number: 2, title: 'Linear rate', statementHtml: '<p>…</p>', line: 12 },
    ];
    expect(key(note({}, { results: renumbered }))).not.toBe(base);
    expect(key(note({}, { lastUpdated: new Date('2026-12-01T00:00:00Z') }))).not.toBe(base);
  });
});

describe('sharedView', () => {
  it('drops quoted sentences and source positions at any depth, and writes dates as ISO strings', () => {
    const paper = {
      key: 'jacot2018neural',
      citedIn: [{ slug: 'ntk', contexts: ['…'], anchor: 'cite-jacot2018neural-1' }],
    };
    expect(sharedView(paper)).toEqual({
      key: 'jacot2018neural',
      citedIn: [{ slug: 'ntk', anchor: 'cite-jacot2018neural-1' }],
    });
    expect(sharedView({ when: new Date('2026-01-02T00:00:00Z'), line: 3 })).toEqual({
      when: '2026-01-02T00:00:00.000Z',
    });
  });
});
