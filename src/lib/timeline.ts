/** Papers over time: the histogram and the year groups of the papers index. */

/** One bar of the histogram. */
export interface YearCount {
  year: number;
  count: number;
  /** The count as a share of the busiest year's, 0–1: the bar's length. */
  share: number;
}

/** Papers per year, oldest first, one bar per year that has papers. */
export function papersPerYear(years: readonly number[]): YearCount[] {
  const counts = new Map<number, number>();
  for (const y of years) counts.set(y, (counts.get(y) ?? 0) + 1);
  const most = Math.max(0, ...counts.values());
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([year, count]) => ({ year, count, share: Number((count / most).toFixed(3)) }));
}

/** Items grouped by year, newest year first, each group in the order given. */
export function groupByYear<T extends { year: number }>(items: readonly T[]): { year: number; items: T[] }[] {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const list = groups.get(item.year) ?? [];
    list.push(item);
    groups.set(item.year, list);
  }
  return [...groups].sort(([a], [b]) => b - a).map(([year, list]) => ({ year, items: list }));
}
