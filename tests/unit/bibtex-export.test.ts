import { readFileSync } from 'node:fs';
import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { parseBibliography, type Paper } from '../../src/lib/bibtex.ts';
import { escapeTex, noteCitation, paperEntry, protectCase, texFields } from '../../src/lib/bibtex-export.ts';

/** What a paper is to the site, without what the export deliberately leaves out or cannot keep. */
const essence = (p: Paper) => ({
  key: p.key,
  type: p.type,
  title: p.title,
  authors: p.authors,
  year: p.year,
  venue: p.venue,
  arxiv: p.arxiv,
  doi: p.doi,
  url: p.url,
});

/** Parses `source`, exports every paper, and parses the export again. */
function roundTrip(source: string): { before: Paper[]; after: Paper[]; problems: string[]; exported: string } {
  const { papers: before } = parseBibliography(source, 'in.bib');
  const tex = texFields(source);
  const exported = before.map((p) => paperEntry(p, tex.get(p.key) ?? {})).join('\n');
  const { papers: after, problems } = parseBibliography(exported, 'out.bib');
  return { before, after, problems: problems.map((p) => p.message), exported };
}

const entry = (fields: string) =>
  `@article{k2020x,\n  author = {Smith, Jane},\n  journal = {J},\n  year = {2020},\n  url = {https://x.org/a},\n${fields}\n}\n`;

describe('escapeTex', () => {
  it.each([
    'Gains of 5% & more',
    'a_b, #1, $5',
    'braces {x} and a \\ backslash',
    'tilde ~ and caret ^',
    'p < 1 and q > 2',
    'Clément Hongler’s “lazy” regime',
  ])('writes %j so that the project parser reads it back unchanged', (text) => {
    const { papers, problems } = parseBibliography(entry(`  title = {${escapeTex(text)}}`), 'x.bib');
    expect(problems).toEqual([]);
    expect(papers[0].title).toBe(text);
  });
});

describe('protectCase', () => {
  it.each([
    ['Adam versus SGD', 'Adam versus {SGD}'],
    ['Saddle points and the Polyak–Łojasiewicz condition', 'Saddle points and the {Polyak}–{Łojasiewicz} condition'],
    ['μP and hyperparameter transfer', '{μP} and hyperparameter transfer'],
    ['PAC-Bayes & compression bounds', '{PAC}-{Bayes} \\& compression bounds'],
    ['Neural collapse', 'Neural collapse'],
  ])('protects the capitals of %j after its first letter', (title, tex) => {
    expect(protectCase(title)).toBe(tex);
  });
});

describe('paperEntry', () => {
  const source = `@inproceedings{jacot2018neural,
  title         = {Neural Tangent Kernel: {ReLU} and TC$^0$ in 5\\% of {\\"O}zt{\\"u}rk's time},
  author        = {Jacot, Arthur and von Oswald, Johannes and {OpenAI}},
  booktitle     = {Advances in Neural Information Processing Systems (NeurIPS)},
  volume        = {31},
  pages         = {8571--8580},
  year          = {2018},
  eprint        = {1806.07572},
  archiveprefix = {arXiv},
  url           = {https://arxiv.org/abs/1806.07572?x=a%20b},
  keywords      = {infinite-width},
  note          = {The site's summary.}
}
`;

  it('keeps the bibliographic fields as written, in TeX, and leaves out the site-only note and keywords', () => {
    const { exported } = roundTrip(source);
    expect(exported).toBe(`@inproceedings{jacot2018neural,
  author        = {Jacot, Arthur and von Oswald, Johannes and {OpenAI}},
  title         = {Neural Tangent Kernel: {ReLU} and TC$^0$ in 5\\% of {\\"O}zt{\\"u}rk's time},
  booktitle     = {Advances in Neural Information Processing Systems (NeurIPS)},
  volume        = {31},
  pages         = {8571--8580},
  year          = {2018},
  eprint        = {1806.07572},
  archivePrefix = {arXiv},
  url           = {https://arxiv.org/abs/1806.07572?x=a%20b}
}
`);
  });

  it('escapes a bare % in a title, which TeX would read as a comment, and not in a URL', () => {
    const { exported, before, after } = roundTrip(entry('  title = {Gains of 5% better}'));
    expect(exported).toContain('title         = {Gains of 5\\% better}');
    expect(after.map(essence)).toEqual(before.map(essence));
  });
});

describe('the whole real bibliography', () => {
  it('exports every paper and parses back, with the project parser, to the same papers', () => {
    const { before, after, problems } = roundTrip(readFileSync('content/references.bib', 'utf8'));
    expect(problems).toEqual([]);
    expect(before.length).toBeGreaterThan(400);
    expect(after.map(essence)).toEqual(before.map(essence));
  });
});

describe('noteCitation', () => {
  const cite = noteCitation({
    slug: 'saddles-and-pl-condition',
    title: 'Saddle points and the Polyak–Łojasiewicz condition',
    author: 'The DL theory notes authors',
    updated: new Date('2026-11-28T10:00:00Z'),
    url: 'https://example.github.io/notes/saddles-and-pl-condition/',
    publishedIn: 'Deep-learning theory knowledge base',
  });

  it('is a @misc entry a BibTeX parser reads back: title, the author kept whole, year, month, url and note', () => {
    const [e] = parse(cite.bibtex, { sentenceCase: false, english: false }).entries;
    expect(e.type).toBe('misc');
    expect(e.key).toBe('dltheory:saddles-and-pl-condition');
    expect(e.fields.title).toBe('Saddle points and the Polyak–Łojasiewicz condition');
    expect(e.fields.author).toEqual([{ name: 'The DL theory notes authors' }]);
    expect([e.fields.year, e.fields.month]).toEqual(['2026', '11']);
    expect(e.fields.url).toBe('https://example.github.io/notes/saddles-and-pl-condition/');
    expect(e.fields.note).toBe('Deep-learning theory knowledge base');
  });

  it('reads as one line of text', () => {
    expect(cite.text).toBe(
      'The DL theory notes authors (2026). Saddle points and the Polyak–Łojasiewicz condition. Deep-learning theory knowledge base, November 2026. https://example.github.io/notes/saddles-and-pl-condition/',
    );
  });
});
