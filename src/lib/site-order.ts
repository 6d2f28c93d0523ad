/** What lists of notes show about each note. */
export interface NoteSummary {
  slug: string;
  title: string;
  summary: string;
  section: string;
  tags: readonly string[];
  readingMinutes: number;
  words: number;
}

/**
 * Home-page order, which is also the previous/next order: sections in their configured order,
 * notes within a section by title. Notes in an unknown section go last.
 */
export function orderNotes<T extends Pick<NoteSummary, 'section' | 'title' | 'slug'>>(
  notes: readonly T[],
  sectionOrder: readonly string[],
): T[] {
  const rank = new Map(sectionOrder.map((s, i) => [s, i]));
  return [...notes].sort(
    (a, b) =>
      (rank.get(a.section) ?? sectionOrder.length) - (rank.get(b.section) ?? sectionOrder.length) ||
      a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) ||
      a.slug.localeCompare(b.slug),
  );
}

/** The notes before and after `slug` in reading order. */
export function neighbours<T extends { slug: string }>(ordered: readonly T[], slug: string): { prev?: T; next?: T } {
  const i = ordered.findIndex((n) => n.slug === slug);
  if (i < 0) return {};
  return { prev: ordered[i - 1], next: ordered[i + 1] };
}
