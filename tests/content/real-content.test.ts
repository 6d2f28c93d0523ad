import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { loadCorpus } from '../../src/pipeline/load-corpus.ts';

/** The knowledge base itself: it must pass every check with zero warnings, and be well linked. */
const corpus = await loadCorpus({ root: new URL('../../', import.meta.url), base: '/' });

describe('the knowledge base in content/', () => {
  it('passes every content check with zero errors and zero warnings', () => {
    expect(corpus.problems.map(formatProblem)).toEqual([]);
  });

  it('has at least 30 notes of at least 300 words, each linking to at least two other notes', () => {
    expect(corpus.notes.length).toBeGreaterThanOrEqual(30);
    const thin = corpus.notes.filter((n) => n.words < 300).map((n) => `${n.slug}: ${n.words} words`);
    const isolated = corpus.notes
      .filter((n) => new Set(n.links.map((l) => l.slug).filter((s) => s !== n.slug)).size < 2)
      .map((n) => n.slug);
    expect(thin).toEqual([]);
    expect(isolated).toEqual([]);
  });

  it('gives every note a summary, tags and aliases, and links every note from another note', () => {
    for (const n of corpus.notes) {
      expect(n.summary.length, n.slug).toBeGreaterThan(20);
      expect(n.tags.length, n.slug).toBeGreaterThanOrEqual(1);
      expect(n.aliases.length, n.slug).toBeGreaterThanOrEqual(1);
      expect(n.backlinks.length, n.slug).toBeGreaterThanOrEqual(1);
    }
  });

  it('cites well over 100 papers, each with a link, and uses a small tag taxonomy', () => {
    expect(corpus.papers.length).toBeGreaterThan(100);
    expect(corpus.papers.filter((p) => !p.arxiv && !p.doi && !p.url)).toEqual([]);
    expect(corpus.tags.length).toBeGreaterThanOrEqual(15);
    expect(corpus.tags.length).toBeLessThanOrEqual(30);
    const cited = new Set(corpus.notes.flatMap((n) => n.cites));
    expect(corpus.papers.filter((p) => !cited.has(p.key)).map((p) => p.key)).toEqual([]);
  });
});
