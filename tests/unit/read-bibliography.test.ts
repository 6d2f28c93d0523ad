import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
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

describe('the parsed bibliography, cached for the next build (read-bibliography.ts)', () => {
  const cacheFile = (dir: string) => join(dir, 'bibliography.parse.json');
  /** The cache as the last parse wrote it, with `edit` applied to its first paper. */
  const tamper = (dir: string, edit: (paper: Record<string, unknown>) => void) => {
    const cached = JSON.parse(readFileSync(cacheFile(dir), 'utf8')) as {
      value: { papers: Record<string, unknown>[] };
    };
    edit(cached.value.papers[0]);
    writeFileSync(cacheFile(dir), JSON.stringify(cached));
  };
  /** Another text first, so that this process's own copy of the last parse is not what answers. */
  const forgetLastParse = () => readBibliography(bib('1999'), tags, []);
  beforeEach(forgetLastParse);
  /** A cache holding the 2018 text's parse under code-1, its first title then changed to `title`. */
  const cachedWithTitle = (title: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'dlt-bib-'));
    readBibliography(bib('2018'), tags, [], { file: cacheFile(dir), code: 'code-1' });
    tamper(dir, (paper) => (paper.title = title));
    forgetLastParse();
    return dir;
  };

  it("stores each paper's exported TeX fields with the parse", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlt-bib-'));
    const [paper] = readBibliography(bib('2018'), tags, [], { file: cacheFile(dir), code: 'code-1' });
    expect(paper.tex).toMatchObject({ title: 'Neural Tangent Kernel', journal: 'NeurIPS' });
    expect(existsSync(cacheFile(dir))).toBe(true);
  });

  it('reads the stored parse when the text and the code are the ones it was made from', () => {
    const dir = cachedWithTitle('as the cache has it');
    expect(readBibliography(bib('2018'), tags, [], { file: cacheFile(dir), code: 'code-1' })[0].title).toBe(
      'as the cache has it',
    );
  });

  it('parses again when the text or the code changed, and stores that parse', () => {
    const dir = cachedWithTitle('stale');
    expect(readBibliography(bib('2018'), tags, [], { file: cacheFile(dir), code: 'code-2' })[0].title).toBe(
      'Neural Tangent Kernel',
    );
    tamper(dir, (paper) => (paper.title = 'stale'));
    expect(readBibliography(bib('2019'), tags, [], { file: cacheFile(dir), code: 'code-2' })[0].title).toBe(
      'Neural Tangent Kernel',
    );
    expect(readFileSync(cacheFile(dir), 'utf8')).not.toContain('stale');
  });

  it('parses when the stored parse cannot be read, and builds on when the cache cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlt-bib-'));
    writeFileSync(cacheFile(dir), '{"key": "half a fi');
    const problems: Problem[] = [];
    expect(readBibliography(bib('2018'), tags, problems, { file: cacheFile(dir), code: 'code-1' })[0].year).toBe(2018);
    expect(problems.map((p) => p.rule)).toEqual(['unknown-tag']);
    expect(JSON.parse(readFileSync(cacheFile(dir), 'utf8'))).toHaveProperty('value.papers');
    // A file where the cache's folder should be.
    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, '');
    forgetLastParse();
    expect(readBibliography(bib('2018'), tags, [], { file: cacheFile(blocked), code: 'code-1' })[0].year).toBe(2018);
  });
});
