import { describe, expect, it } from 'vitest';
import { readBibliography } from '../../src/pipeline/read-bibliography.ts';
import type { Problem } from '../../src/lib/problems.ts';

const bib = (year: string) =>
  `@article{jacot2018neural,\n  title = {Neural Tangent Kernel},\n  author = {Jacot, Arthur and Gabriel, Franck},\n` +
  `  journal = {NeurIPS},\n  year = {${year}},\n  eprint = {1806.07572},\n  keywords = {kernel-methods, no-such-tag}\n}\n`;
const tags = new Set(['kernel-methods']);

describe('readBibliography, loaded again after every edit in npm run dev', () => {
  it('gives each load its own papers and problems: what one caller changes, the next does not see', () => {
    const problems: Problem[] = [];
    const first = readBibliography(bib('2018'), tags, problems);
    expect(first.map((p) => p.key)).toEqual(['jacot2018neural']);
    expect(problems.map((p) => p.rule)).toEqual(['unknown-tag']);
    first[0].title = 'changed by a caller';
    first.push({ ...first[0], key: 'added' });
    const again: Problem[] = [];
    const second = readBibliography(bib('2018'), tags, again);
    expect(second.map((p) => [p.key, p.title])).toEqual([['jacot2018neural', 'Neural Tangent Kernel']]);
    expect(again).toEqual(problems);
  });

  it('parses the bibliography again when its text changed', () => {
    const papers = readBibliography(bib('2019'), tags, []);
    expect(papers[0].year).toBe(2019);
    expect(readBibliography(bib('2018'), tags, [])[0].year).toBe(2018);
  });
});
