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
 * Titles compared as readers sort them: case and accents aside. One collator for every comparison:
 * `localeCompare` with a locale and options builds one per call (sorting 5,000 titles took 260 ms
 * that way, 4 ms with one collator; `npm run dev` sorts them after every edit).
 */
export const byTitle = new Intl.Collator('en', { sensitivity: 'base' }).compare;

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
      byTitle(a.title, b.title) ||
      a.slug.localeCompare(b.slug),
  );
}

/** Each reading order's positions by slug, made on first use (every note page asks its own). */
const positions = new WeakMap<readonly { slug: string }[], Map<string, number>>();

/**
 * The notes before and after `slug` in reading order. A search of the order per page made the note
 * pages quadratic: 2.3 s of a 5,000-note build's page step.
 */
export function neighbours<T extends { slug: string }>(ordered: readonly T[], slug: string): { prev?: T; next?: T } {
  let at = positions.get(ordered);
  if (!at) positions.set(ordered, (at = new Map(ordered.map((n, i) => [n.slug, i]))));
  const i = at.get(slug);
  if (i === undefined) return {};
  return { prev: ordered[i - 1], next: ordered[i + 1] };
}
