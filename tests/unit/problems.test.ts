import { describe, expect, it } from 'vitest';
import {
  didYouMean,
  formatProblem,
  hasErrors,
  problem,
  sortProblems,
  suggest,
  summarizeProblems,
} from '../../src/lib/problems.ts';

describe('formatProblem', () => {
  it.each([
    [
      problem('content/notes/a.md', { line: 3, column: 7 }, 'bad link', 'broken-link'),
      'content/notes/a.md:3:7  bad link  [broken-link]',
    ],
    [problem('content/notes/a.md', undefined, 'empty', 'empty-file'), 'content/notes/a.md  empty  [empty-file]'],
    [
      problem('a.md', { line: 2, column: 0 }, 'orphan', 'orphan-note', 'warning'),
      'a.md:2:1  warning  orphan  [orphan-note]',
    ],
    [problem('a.md', { line: 4 }, 'no column', 'r'), 'a.md:4:1  no column  [r]'],
  ])('formats %o as path:line:col  message  [rule]', (p, expected) => {
    expect(formatProblem(p)).toBe(expected);
  });
});

describe('problem', () => {
  it('defaults to an error about the whole file', () => {
    expect(problem('a.md', undefined, 'm', 'r')).toEqual({
      file: 'a.md',
      line: 0,
      column: 0,
      message: 'm',
      rule: 'r',
      severity: 'error',
    });
  });
});

describe('sortProblems', () => {
  it('orders by file, then line, then column, then rule', () => {
    const ps = [
      problem('b.md', { line: 1, column: 1 }, '', 'x'),
      problem('a.md', { line: 9, column: 1 }, '', 'x'),
      problem('a.md', { line: 2, column: 5 }, '', 'z'),
      problem('a.md', { line: 2, column: 5 }, '', 'a'),
      problem('a.md', { line: 2, column: 1 }, '', 'x'),
      problem('a.md', undefined, '', 'x'),
    ];
    expect(sortProblems(ps).map((p) => `${p.file}:${p.line}:${p.column}:${p.rule}`)).toEqual([
      'a.md:0:0:x',
      'a.md:2:1:x',
      'a.md:2:5:a',
      'a.md:2:5:z',
      'a.md:9:1:x',
      'b.md:1:1:x',
    ]);
  });

  it('does not change its input', () => {
    const ps = [problem('b', undefined, '', 'r'), problem('a', undefined, '', 'r')];
    sortProblems(ps);
    expect(ps.map((p) => p.file)).toEqual(['b', 'a']);
  });
});

describe('suggest', () => {
  it.each([
    ['jacot2018nueral', ['jacot2018neural', 'lee2018deep'], 'jacot2018neural'],
    ['Implicit-Bias', ['implicit-bias', 'optimization'], 'implicit-bias'],
    ['ntx', ['NTK', 'Gaussian processes'], 'NTK'],
    ['zzzzzz', ['implicit-bias'], undefined],
    ['anything', [], undefined],
    ['', ['a'], undefined],
  ])('suggests the nearest valid value for %j', (value, candidates, expected) => {
    expect(suggest(value, candidates)).toBe(expected);
  });
});

describe('didYouMean', () => {
  it.each([
    ['optimisation', ['optimization'], ' Did you mean "optimization"?'],
    ['qqqqqqqq', ['optimization'], ''],
  ])('appends a hint for %j, or nothing', (value, candidates, expected) => {
    expect(didYouMean(value, candidates)).toBe(expected);
  });
});

describe('summarizeProblems', () => {
  it.each([
    [[], 'No problems found.'],
    [
      [problem('a', undefined, 'x', 'r'), problem('b', undefined, 'y', 'r', 'warning')],
      '1 error and 1 warning in 2 files.',
    ],
    [[problem('a', undefined, 'x', 'r'), problem('a', undefined, 'y', 'r')], '2 errors and 0 warnings in 1 file.'],
  ])('summarizes %# as %j', (ps, expected) => {
    expect(summarizeProblems(ps)).toBe(expected);
  });
});

describe('hasErrors', () => {
  it.each([
    [[], false],
    [[problem('a', undefined, 'x', 'r', 'warning')], false],
    [[problem('a', undefined, 'x', 'r', 'warning'), problem('a', undefined, 'x', 'r')], true],
  ])('is true only when an error is present (%#)', (ps, expected) => {
    expect(hasErrors(ps)).toBe(expected);
  });
});
