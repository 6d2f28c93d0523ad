import { describe, expect, it } from 'vitest';
import { parseBibliography } from '../../src/lib/bibtex.ts';
import { formatProblem } from '../../src/lib/problems.ts';

/** A complete entry; `fields` replaces or adds fields (`undefined` removes one). */
const entry = (key: string, fields: Record<string, string | undefined> = {}, type = 'article') => {
  const all: Record<string, string | undefined> = {
    title: 'Neural Tangent Kernel',
    author: "Jacot, Arthur and Gabriel, Franck and Hongler, Cl{\\'e}ment",
    journal: 'NeurIPS',
    year: '2018',
    eprint: '1806.07572',
    ...fields,
  };
  const body = Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${k} = {${v}},`)
    .join('\n');
  return `@${type}{${key},\n${body}\n}\n`;
};
const parse = (source: string) => parseBibliography(source, 'content/references.bib');
const lines = (source: string) => parse(source).problems.map(formatProblem);

describe('parseBibliography: valid entries', () => {
  it('reads a complete entry', () => {
    const { papers, problems } = parse(
      entry('jacot2018neural', { keywords: 'kernel-methods, infinite-width', note: 'A {short} note.' }),
    );
    expect(problems).toEqual([]);
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({
      key: 'jacot2018neural',
      type: 'article',
      title: 'Neural Tangent Kernel',
      authors: [
        { family: 'Jacot', given: 'Arthur' },
        { family: 'Gabriel', given: 'Franck' },
        { family: 'Hongler', given: 'Clément' },
      ],
      year: 2018,
      venue: 'NeurIPS',
      arxiv: '1806.07572',
      tags: expect.arrayContaining(['kernel-methods', 'infinite-width']),
      note: 'A short note.',
      line: 1,
    });
  });

  it('keeps each entry exactly as written, for "copy BibTeX"', () => {
    const a = entry('a');
    const { papers } = parse(`${a}\n${entry('b')}`);
    expect(papers[0].bibtex).toBe(a.trim());
  });

  it('writes accented names in NFC, so they match what readers type', () => {
    const { papers } = parse(entry('x', { title: 'On M{\\"u}ller', author: "Hongler, Cl{\\'e}ment" }));
    expect(papers[0].title).toBe('On M\u00fcller');
    expect(papers[0].authors[0].given).toBe('Cl\u00e9ment');
  });

  it.each([
    [{ author: 'van der Maaten, Laurens' }, [{ family: 'van der Maaten', given: 'Laurens' }]],
    [{ author: 'Laurens van der Maaten' }, [{ family: 'van der Maaten', given: 'Laurens' }]],
    [{ author: '{OpenAI}' }, [{ family: 'OpenAI' }]],
  ])('reads the authors %j', (fields, authors) => {
    expect(parse(entry('x', fields)).papers[0].authors).toEqual(authors);
  });

  it.each([
    ['journal', { journal: 'JMLR' }, 'JMLR'],
    ['booktitle', { journal: undefined, booktitle: 'ICML' }, 'ICML'],
    ['publisher', { journal: undefined, publisher: 'Springer' }, 'Springer'],
    ['howpublished', { journal: undefined, howpublished: 'Blog post' }, 'Blog post'],
  ])('takes the venue from %s', (_field, fields, venue) => {
    expect(parse(entry('x', fields)).papers[0].venue).toBe(venue);
  });

  it.each([
    [{ eprint: '1806.07572' }, { arxiv: '1806.07572' }],
    [{ eprint: '1806.07572v3' }, { arxiv: '1806.07572v3' }],
    [{ eprint: '2101.12345' }, { arxiv: '2101.12345' }],
    [{ eprint: 'math.ST/0612345' }, { arxiv: 'math.ST/0612345' }],
    [{ eprint: 'hep-th/9901001v2' }, { arxiv: 'hep-th/9901001v2' }],
    [{ eprint: undefined, doi: '10.1016/j.neunet.2020.08.022' }, { doi: '10.1016/j.neunet.2020.08.022' }],
    [{ eprint: undefined, doi: 'https://doi.org/10.1000/xyz' }, { doi: '10.1000/xyz' }],
    [{ eprint: undefined, doi: 'http://dx.doi.org/10.1000/xyz' }, { doi: '10.1000/xyz' }],
    [{ eprint: undefined, url: 'https://openreview.net/forum?id=x' }, { url: 'https://openreview.net/forum?id=x' }],
    [
      { eprint: 'hal-01234', archiveprefix: 'HAL', url: 'https://hal.science/hal-01234' },
      { arxiv: undefined, url: 'https://hal.science/hal-01234' },
    ],
  ])('reads the identifiers %j', (fields, ids) => {
    const { papers, problems } = parse(entry('x', fields));
    expect(problems).toEqual([]);
    expect(papers[0]).toMatchObject(ids);
  });

  it('ignores comments, @string and @comment', () => {
    const source = `% a comment\n@string{nips = "NeurIPS"}\n@comment{anything}\n${entry('a')}`;
    expect(parse(source)).toMatchObject({ problems: [], papers: [{ key: 'a', line: 4 }] });
  });
});

describe('parseBibliography: line numbers', () => {
  it('gives each entry the line of its @type{key, line', () => {
    const source = `% header\n\n${entry('a')}\n\n${entry('b')}${entry('c')}`;
    expect(parse(source).papers.map((p) => [p.key, p.line])).toEqual([
      ['a', 3],
      ['b', 12],
      ['c', 19],
    ]);
  });
});

describe('parseBibliography: problems', () => {
  it('reports a duplicate key (case-insensitively) at the second entry and keeps the first', () => {
    const source = `${entry('smith2020a')}${entry('Smith2020A', { title: 'Other' })}`;
    const { papers } = parse(source);
    expect(papers.map((p) => p.title)).toEqual(['Neural Tangent Kernel']);
    expect(lines(source)).toMatchInlineSnapshot(`
      [
        "content/references.bib:8:1  duplicate BibTeX key "Smith2020A" (first defined on line 1); rename one of them or merge the entries  [bib-duplicate-key]",
      ]
    `);
  });

  it('reports a malformed entry at its own line and keeps the entries around it', () => {
    const source = `${entry('a')}@article{broken,\n  title = {Unclosed,\n  year = {2019},\n}\n${entry('c')}`;
    const { papers } = parse(source);
    expect(papers.map((p) => p.key)).toEqual(['a', 'c']);
    expect(lines(source)).toMatchInlineSnapshot(`
      [
        "content/references.bib:8:1  malformed BibTeX entry "broken": Token mismatch, expected "}", found "@article{c,\\n  title "... at line 12, column 1. Check its braces and that every field ends with a comma  [bib-syntax]",
      ]
    `);
  });

  it('reports a missing comma between fields', () => {
    expect(lines('@article{nocomma,\n  title = {T}\n  year = {2019},\n}\n')).toMatchInlineSnapshot(`
      [
        "content/references.bib:1:1  malformed BibTeX entry "nocomma": Token mismatch, expected "}", found "year = {2019},\\n}\\n"... at line 3, column 3. Check its braces and that every field ends with a comma  [bib-syntax]",
      ]
    `);
  });

  it('reports an entry without a key', () => {
    expect(parse('@article{,\n  title = {T},\n}\n').problems.map((p) => p.rule)).toContain('bib-syntax');
  });

  it('reports every missing field in one message', () => {
    expect(lines('@article{bare,\n  title = {Only a title},\n}\n')).toMatchInlineSnapshot(`
      [
        "content/references.bib:1:1  BibTeX entry "bare" is missing author, year, a venue (journal, booktitle, publisher, institution, school or howpublished), a link (eprint for an arXiv id, doi, or url)  [bib-missing-field]",
      ]
    `);
  });

  it.each([
    ['title', { title: undefined }],
    ['author', { author: undefined }],
    ['year', { year: undefined }],
    ['a venue', { journal: undefined }],
    ['a link', { eprint: undefined }],
  ])('reports a missing %s', (what, fields) => {
    const { papers, problems } = parse(entry('x', fields));
    expect(papers).toEqual([]);
    expect(problems).toMatchObject([
      { rule: 'bib-missing-field', line: 1, message: expect.stringContaining(`is missing ${what}`) },
    ]);
  });

  it('words invalid identifiers and years for the author', () => {
    const source = [
      entry('badarxiv', { eprint: 'abc' }),
      entry('baddoi', { eprint: undefined, doi: '11.1/x' }),
      entry('badurl', { eprint: undefined, url: 'www.example.com' }),
      entry('badyear', { year: '19' }),
      entry('oldyear', { year: '1066' }),
    ].join('');
    expect(parse(source).papers).toEqual([]);
    expect(lines(source)).toMatchInlineSnapshot(`
      [
        "content/references.bib:1:1  BibTeX entry "badarxiv" has eprint "abc", which is not an arXiv id like 1806.07572  [bib-invalid-field]",
        "content/references.bib:8:1  BibTeX entry "baddoi" has doi "11.1/x", which does not look like 10.xxxx/…  [bib-invalid-field]",
        "content/references.bib:15:1  BibTeX entry "badurl" has url "www.example.com": write a full http(s):// address  [bib-invalid-field]",
        "content/references.bib:22:1  BibTeX entry "badyear" has year "19": write four digits, e.g. year = {2019}  [bib-invalid-field]",
        "content/references.bib:29:1  BibTeX entry "oldyear" has year "1066": it must be between 1600 and 2100  [bib-invalid-field]",
      ]
    `);
  });

  it('reports every problem in the file at once', () => {
    const source = [
      entry('a'),
      entry('a'),
      entry('b', { eprint: 'nope' }),
      '@article{c,\n  title = {T\n}\n',
      entry('d', { title: undefined }),
    ].join('');
    expect(parse(source).problems.map((p) => [p.line, p.rule])).toEqual([
      [22, 'bib-syntax'],
      [8, 'bib-duplicate-key'],
      [15, 'bib-invalid-field'],
      [25, 'bib-missing-field'],
    ]);
  });
});
