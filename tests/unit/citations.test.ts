import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/lib/bibtex.ts';
import {
  citationLabels,
  formatReferenceText,
  fullAuthors,
  keysInReadingOrder,
  nameSeparator,
  narrativeCitationPattern,
  paperLinks,
  parseBracketCitation,
  shortAuthors,
} from '../../src/lib/citations.ts';

const people = (...names: string[]) =>
  names.map((n) => ({ family: n.split(' ').pop() as string, given: n.split(' ').slice(0, -1).join(' ') || undefined }));

const paper = (key: string, authors: string[], year: number, title = key, extra: Partial<Paper> = {}): Paper => ({
  key,
  type: 'article',
  title,
  authors: people(...authors),
  year,
  venue: 'NeurIPS',
  tags: [],
  line: 1,
  bibtex: '',
  ...extra,
});

describe('shortAuthors', () => {
  it.each([
    [[], 'Anonymous'],
    [people('Radford Neal'), 'Neal'],
    [people('Alberto Bietti', 'Julien Mairal'), 'Bietti and Mairal'],
    [people('Arthur Jacot', 'Franck Gabriel', 'Clément Hongler'), 'Jacot et al.'],
    [[{ family: 'van der Maaten', given: 'Laurens' }], 'van der Maaten'],
    [[{ family: 'OpenAI' }], 'OpenAI'],
  ])('names %j as %j', (authors, expected) => {
    expect(shortAuthors(authors)).toBe(expected);
  });
});

describe('citationLabels', () => {
  it('gives a lone paper its plain year', () => {
    expect(
      citationLabels([paper('jacot2018neural', ['Arthur Jacot', 'Franck Gabriel', 'Clément Hongler'], 2018)]).get(
        'jacot2018neural',
      ),
    ).toEqual({
      authors: 'Jacot et al.',
      year: '2018',
    });
  });

  it('adds a/b/c suffixes to papers that would read the same, in title order', () => {
    const labels = citationLabels([
      paper('r2', ['Aditi Raghunathan', 'Jacob Steinhardt', 'Percy Liang'], 2018, 'Semidefinite relaxations'),
      paper('r1', ['Aditi Raghunathan', 'Sang Michael Xie', 'Percy Liang'], 2018, 'Certified defenses'),
      paper('r3', ['Aditi Raghunathan', 'Someone Else', 'Percy Liang'], 2018, 'Zebra'),
      paper('r4', ['Aditi Raghunathan', 'Percy Liang', 'X Y'], 2019, 'Later'),
    ]);
    expect(Object.fromEntries([...labels].map(([k, l]) => [k, `${l.authors}, ${l.year}`]))).toEqual({
      r1: 'Raghunathan et al., 2018a',
      r2: 'Raghunathan et al., 2018b',
      r3: 'Raghunathan et al., 2018c',
      r4: 'Raghunathan et al., 2019',
    });
  });

  it.each([
    ['different years', [paper('a', ['A Smith'], 2019), paper('b', ['A Smith'], 2020)], { a: '2019', b: '2020' }],
    [
      'different author counts',
      [paper('a', ['A Smith'], 2019), paper('b', ['A Smith', 'B Jones'], 2019)],
      { a: '2019', b: '2019' },
    ],
    [
      'equal titles, ordered by key',
      [paper('z', ['A Smith'], 2019, 'T'), paper('y', ['A Smith'], 2019, 'T')],
      { y: '2019a', z: '2019b' },
    ],
  ])('suffixes only when needed: %s', (_name, papers, expected) => {
    expect(Object.fromEntries([...citationLabels(papers)].map(([k, l]) => [k, l.year]))).toEqual(expected);
  });

  it('gives the same labels whatever order the papers come in', () => {
    const papers = [
      paper('a', ['A Smith'], 2019, 'Beta'),
      paper('b', ['A Smith'], 2019, 'Alpha'),
      paper('c', ['A Smith'], 2019, 'Gamma'),
    ];
    expect([...citationLabels([...papers].reverse())].sort()).toEqual([...citationLabels(papers)].sort());
  });
});

describe('nameSeparator', () => {
  it.each([
    [0, 1, ''],
    [0, 3, ''],
    [1, 3, ', '],
    [2, 3, ' and '],
    [1, 2, ' and '],
  ])('puts before name %i of %i: %j', (i, n, sep) => {
    expect(nameSeparator(i, n)).toBe(sep);
  });
});

describe('fullAuthors', () => {
  it.each([
    [[], ''],
    [people('Radford Neal'), 'Radford Neal'],
    [people('Alberto Bietti', 'Julien Mairal'), 'Alberto Bietti and Julien Mairal'],
    [people('Arthur Jacot', 'Franck Gabriel', 'Clément Hongler'), 'Arthur Jacot, Franck Gabriel and Clément Hongler'],
    [[{ family: 'OpenAI' }], 'OpenAI'],
  ])('writes %j as %j', (authors, expected) => {
    expect(fullAuthors(authors)).toBe(expected);
  });

  it('cuts long lists with et al.', () => {
    expect(fullAuthors(people('A One', 'B Two', 'C Three'), 2)).toBe('A One, B Two et al.');
  });
});

describe('paperLinks', () => {
  it.each([
    [{ arxiv: '1806.07572' }, [{ label: 'arXiv:1806.07572', href: 'https://arxiv.org/abs/1806.07572' }]],
    [{ doi: '10.1000/xyz' }, [{ label: 'doi:10.1000/xyz', href: 'https://doi.org/10.1000/xyz' }]],
    [{ url: 'https://www.example.org/paper' }, [{ label: 'example.org', href: 'https://www.example.org/paper' }]],
    [
      { arxiv: '1806.07572', url: 'http://arxiv.org/abs/1806.07572' },
      [{ label: 'arXiv:1806.07572', href: 'https://arxiv.org/abs/1806.07572' }],
    ],
    [{ doi: '10.1/x', url: 'https://doi.org/10.1/x' }, [{ label: 'doi:10.1/x', href: 'https://doi.org/10.1/x' }]],
    [{ url: 'not a url' }, [{ label: 'link', href: 'not a url' }]],
    [{}, []],
  ])('links %j', (ids, expected) => {
    expect(paperLinks(ids)).toEqual(expected);
  });

  it('orders arXiv, then DOI, then URL', () => {
    expect(
      paperLinks({ arxiv: '1806.07572', doi: '10.1/x', url: 'https://openreview.net/x' }).map((l) => l.label),
    ).toEqual(['arXiv:1806.07572', 'doi:10.1/x', 'openreview.net']);
  });
});

describe('formatReferenceText', () => {
  it('writes one line of plain text', () => {
    expect(formatReferenceText(paper('j', ['Arthur Jacot', 'Franck Gabriel'], 2018, 'Neural tangent kernel'))).toBe(
      'Arthur Jacot and Franck Gabriel (2018). Neural tangent kernel. NeurIPS.',
    );
  });
});

describe('parseBracketCitation', () => {
  it.each([
    ['@a', [{ key: 'a' }]],
    ['@jacot2018neural', [{ key: 'jacot2018neural' }]],
    ['  @a  ', [{ key: 'a' }]],
    ['@a, p. 7', [{ key: 'a', locator: 'p. 7' }]],
    ['@a, pp. 3-4, fig. 2', [{ key: 'a', locator: 'pp. 3-4, fig. 2' }]],
    ['see @a', [{ key: 'a', prefix: 'see' }]],
    ['see e.g. @a', [{ key: 'a', prefix: 'see e.g.' }]],
    ['see @a; @b', [{ key: 'a', prefix: 'see' }, { key: 'b' }]],
    [
      'see @a, chap. 2; also -@b',
      [
        { key: 'a', prefix: 'see', locator: 'chap. 2' },
        { key: 'b', prefix: 'also', suppressAuthor: true },
      ],
    ],
    ['-@a', [{ key: 'a', suppressAuthor: true }]],
    ['@Smith:2020/x', [{ key: 'Smith:2020/x' }]],
    ['@müller2020', [{ key: 'müller2020' }]],
  ])('parses [%s]', (inner, expected) => {
    expect(parseBracketCitation(inner)).toEqual(
      expected.map((e) => ({ prefix: undefined, locator: undefined, suppressAuthor: false, ...e })),
    );
  });

  it.each([
    ['@', 'an at-sign alone'],
    ['email@x.com', 'an e-mail address'],
    ['email@x', 'an e-mail address without a dot'],
    ['write to me@host', 'an e-mail address after a prefix'],
    ['@a;', 'an empty item'],
    ['@a; text', 'an item without a key'],
    ['x', 'no at-sign'],
    ['', 'nothing'],
    ['@a.', 'a key followed by punctuation'],
  ])('is not a citation: [%s] (%s)', (inner) => {
    expect(parseBracketCitation(inner)).toBeUndefined();
  });
});

describe('narrativeCitationPattern', () => {
  const keys = (text: string) => [...text.matchAll(narrativeCitationPattern)].map((m) => m[1]);

  it.each([
    ['as @jacot2018neural showed', ['jacot2018neural']],
    ['@a and @b', ['a', 'b']],
    ['(@smith2020)', ['smith2020']],
    ['@smith2020: the result', ['smith2020']],
    ['see @smith2020.', ['smith2020']],
    ['@a:b/c-d', ['a:b/c-d']],
    ['@x', ['x']],
  ])('finds the keys in %j', (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });

  it.each([
    'mail me at a@b.com',
    'first.last@example.org',
    'x@y',
    'name.@x',
    '@@x',
    'user_1@host',
    'ünï@host',
    '@ alone',
    '@.',
  ])('finds no citation in %j', (text) => {
    expect(keys(text)).toEqual([]);
  });
});

describe('keysInReadingOrder', () => {
  it('orders keys by where they are first cited, each once, whatever order they were found in', () => {
    const found = [
      { key: 'bracketed', line: 9, column: 4 },
      { key: 'late', line: 12, column: 1 },
      { key: 'narrative', line: 3, column: 20 },
      { key: 'bracketed', line: 2, column: 30 },
      { key: 'same-line', line: 3, column: 2 },
    ];
    expect(keysInReadingOrder(found)).toEqual(['bracketed', 'same-line', 'narrative', 'late']);
  });
});
