import { describe, expect, it } from 'vitest';
import { groupByYear, papersPerYear } from '../../src/lib/timeline.ts';

describe('papersPerYear', () => {
  it.each([
    { years: [], bars: [] },
    { years: [2018], bars: [{ year: 2018, count: 1, share: 1 }] },
    {
      years: [2019, 1909, 2019, 2018, 2019],
      bars: [
        { year: 1909, count: 1, share: 0.333 },
        { year: 2018, count: 1, share: 0.333 },
        { year: 2019, count: 3, share: 1 },
      ],
    },
  ])('gives one bar per year with papers, oldest first, sized against the busiest: $years', ({ years, bars }) => {
    expect(papersPerYear(years)).toEqual(bars);
  });
});

describe('groupByYear', () => {
  it('groups newest year first and keeps the given order inside a year', () => {
    const items = [
      { year: 2018, k: 'b' },
      { year: 2020, k: 'a' },
      { year: 2018, k: 'a' },
    ];
    expect(groupByYear(items).map((g) => [g.year, g.items.map((i) => i.k)])).toEqual([
      [2020, ['a']],
      [2018, ['b', 'a']],
    ]);
  });
});
