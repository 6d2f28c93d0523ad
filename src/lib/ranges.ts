/** Sorted source ranges [start, end): the lookups note plugins and the importer share. */

/** How many of `ranges` (sorted by start) start at or before `at`: binary search, so big notes stay fast. */
export function rangesStartingBy(ranges: readonly [number, number][], at: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][0] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when `at` falls inside one of the sorted, non-overlapping ranges. */
export function inRanges(ranges: readonly [number, number][], at: number): boolean {
  const i = rangesStartingBy(ranges, at);
  return i > 0 && at < ranges[i - 1][1];
}
