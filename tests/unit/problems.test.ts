import { describe, expect, it } from 'vitest';
import { formatProblem, problem, suggest, summarizeProblems } from '../../src/lib/problems.ts';

describe('formatProblem', () => {
  it.each([
    [problem('content/notes/a.md', { line: 3, column: 7 }, 'bad link', 'broken-link'), 'content/notes/a.md:3:7  bad link  [broken-link]'],
    [problem('content/notes/a.md', undefined, 'empty', 'empty-file'), 'content/notes/a.md  empty  [empty-file]'],
    [problem('a.md', { line: 2, column: 0 }, 'orphan', 'orphan-note', 'warning'), 'a.md:2:1  warning  orphan  [orphan-note]'],
  ])('formats %o as path:line:col  message  [rule]', (p, expected) => {
    expect(formatProblem(p)).toBe(expected);
  });
});

describe('suggest', () => {
  it.each([
    ['jacot2018nueral', ['jacot2018neural', 'lee2018deep'], 'jacot2018neural'],
    ['Implicit-Bias', ['implicit-bias', 'optimization'], 'implicit-bias'],
    ['zzzzzz', ['implicit-bias'], undefined],
  ])('suggests the nearest valid value for %s', (value, candidates, expected) => {
    expect(suggest(value, candidates)).toBe(expected);
  });
});

it('summarizes errors, warnings and files', () => {
  const ps = [problem('a', undefined, 'x', 'r'), problem('b', undefined, 'y', 'r', 'warning')];
  expect(summarizeProblems(ps)).toBe('1 error and 1 warning in 2 files.');
});
