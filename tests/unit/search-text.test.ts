import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { mathStandIn, mathTokens, queryTerms } from '../../src/lib/math-text.ts';
import {
  isRelated,
  matchQuality,
  nearestNames,
  refineOrder,
  type KnownName,
  type MatchedResult,
} from '../../src/lib/search-refine.ts';

describe('formulas as search words', () => {
  it.each([
    ['\\nabla f(x)', ['nabla']],
    ['\\|\\nabla f(x)\\|^2 \\ge \\mu f(x)', ['norm', 'nabla', 'mu']],
    ['\\norm{w}_2 \\le B', ['norm']],
    ['\\E_{x\\sim\\cD}[\\ell(f(x), y)]', ['expectation', 'sim', 'ell']],
    ['\\mathbb{E}[X]', ['expectation']],
    ['\\sigma(w^\\T x)', ['sigma', 'transpose']],
    ['\\varphi + \\Phi', ['phi']],
    ['\\frac{1}{n}\\sum_i x_i', ['sum']],
    ['x + y', []],
  ])('%s → %j', (tex, tokens) => {
    expect(mathTokens(tex)).toEqual(tokens);
  });

  it.each([
    ['\\nabla f(x)', '∇f(x)'],
    ['\\norm{w}_2 \\le B', '‖w‖_2 ≤ B'],
    ['1 - \\delta', '1 - δ'],
    ['\\sigma(w^\\T x)', 'σ(wᵀ x)'],
    ['O(1/t)', 'O(1/t)'],
    ['\\frac{1}{n}', '[formula]'],
    ['\\begin{aligned} a &= b \\end{aligned}', '[formula]'],
    ['a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9', '[formula]'],
  ])('stands in for %s with %s', (tex, text) => {
    expect(mathStandIn(tex)).toBe(text);
  });
});

describe('queries as the index words', () => {
  it.each([
    ['∇f', ['nabla']],
    ['\\nabla f', ['nabla']],
    ['nabla f', ['nabla']],
    ['‖x‖', ['norm']],
    ['μP', ['muP']],
    ['σ', ['sigma']],
    ['𝔼 loss', ['expectation', 'loss']],
    ['kernel regime vs rich regime', ['kernel', 'regime', 'rich']],
    ['PL', ['PL']],
    ['f', ['f']],
  ])('%s → %j', (query, terms) => {
    expect(queryTerms(query)).toEqual(terms);
  });
});

describe('refining Pagefind results', () => {
  it.each([
    ['gradient', 'gradi', true],
    ['regularized', 'regularization', true],
    ['kernel', 'kernels', true],
    ['plus', 'PL', true],
    ['X', 'xyzzyq', false],
    ['for', 'nabla', false],
    ['Élan', 'elan', true],
  ])('%s is related to %s: %s', (word, term, related) => {
    expect(isRelated(word, term)).toBe(related);
  });

  const result = (marked: string[], title = 'A note', aliases: string[] = [], math: string[] = []): MatchedResult => ({
    marked,
    title,
    aliases,
    math,
  });

  it('grades a match: a name that is the query, whole words, prefixes, nothing', () => {
    expect(matchQuality(result([], 'PL condition', ['PL']), 'PL', ['PL'])).toBe(3);
    expect(matchQuality(result(['PL']), 'PL', ['PL'])).toBe(2);
    expect(matchQuality(result(['plus', 'plots']), 'PL', ['PL'])).toBe(1);
    expect(matchQuality(result(['X', 'X,']), 'xyzzyq', ['xyzzyq'])).toBe(0);
    expect(matchQuality(result([], 'Adam versus SGD', [], ['nabla', 'norm']), 'nabla', ['nabla'])).toBe(2);
  });

  it('drops unrelated matches, puts names first, and for acronyms whole words before prefixes', () => {
    const results = [result(['plus']), result(['X']), result(['PL']), result([], 'Saddles', ['PL condition', 'PL'])];
    expect(refineOrder(results, 'PL', ['PL'])).toEqual([3, 2, 0]);
    expect(refineOrder([result(['X']), result(['x'])], 'xyzzyq', ['xyzzyq'])).toEqual([]);
    // A longer query keeps Pagefind's order among related results.
    expect(refineOrder([result(['kernels']), result(['kernel'])], 'kernel', ['kernel'])).toEqual([0, 1]);
  });

  const names: KnownName[] = [
    ['The lottery ticket hypothesis', 'The lottery ticket hypothesis', '/notes/lottery-tickets/'],
    ['lottery ticket', 'The lottery ticket hypothesis', '/notes/lottery-tickets/'],
    ['NTK', 'Infinite-width limits', '/notes/infinite-width-limits/'],
    ['Grokking', 'Grokking', '/notes/grokking/'],
  ];
  it('suggests the nearest names for a query that found nothing, one per page', () => {
    expect(nearestNames('lotery tiket', names, 5, distance).map((n) => n[0])).toEqual(['lottery ticket']);
    expect(nearestNames('grokk', names, 5, distance).map((n) => n[2])).toEqual(['/notes/grokking/']);
    expect(nearestNames('zzzzzz', names, 5, distance)).toEqual([]);
  });
});
