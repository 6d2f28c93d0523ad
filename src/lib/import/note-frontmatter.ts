import { Document, visit } from 'yaml';
import type { Place } from '../frontmatter.ts';
import { noteFrontmatterSchema } from '../../schemas/note.ts';

/**
 * The frontmatter of an imported note, made valid for this site's schema (src/schemas/note.ts):
 * tags and the section mapped to the taxonomy, dates to `updated`, `published: false` to a draft,
 * aliases kept, and every key the schema does not have dropped, each with a report line.
 */

/** An id and title from content/sections.yml or content/tags.yml. */
export interface TaxonomyItem {
  id: string;
  title: string;
}

export interface FrontmatterInput {
  data: Record<string, unknown>;
  keyPlace(key: string): Place;
  /** Path in the folder, for a Jekyll post's date. */
  path: string;
  sections: readonly TaxonomyItem[];
  tags: readonly TaxonomyItem[];
  defaultSection: string;
}

/** A remark about the frontmatter, at a key or at the start of the file. */
export interface FrontmatterRemark extends Place {
  message: string;
  rule: string;
  look: boolean;
}

/** The keys that carry over, in the order they are written. */
export interface ImportedFrontmatter {
  section: string;
  tags: string[];
  aliases: string[];
  updated?: string;
  draft?: boolean;
}

/** Keys read here (their values are mapped), beside title and summary which the caller reads. */
const readKeys = new Set([
  'title',
  'summary',
  'description',
  'excerpt',
  'section',
  'categories',
  'category',
  'tags',
  'tag',
  'aliases',
  'alias',
  'date',
  'last_modified_at',
  'lastmod',
  'updated',
  'modified',
  'draft',
  'published',
]);
const dateKeys = ['updated', 'last_modified_at', 'lastmod', 'modified', 'date'];

/** Ids and titles compared without case, spaces, dashes or underscores (`Kernel Methods` = `kernel-methods`). */
export const looseKey = (s: string) =>
  s
    .replace(/^#/, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

/** A frontmatter value as a list of words: a YAML list, or a string of comma- or space-separated words. */
export function listOf(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .filter((v) => typeof v === 'string' || typeof v === 'number')
      .map((v) => String(v).trim())
      .filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(value.includes(',') ? ',' : /\s+/)
      .map((v) => v.trim())
      .filter(Boolean);
  return [];
}

/** The taxonomy item a word names, by id or title. */
export function matchTaxonomy(word: string, items: readonly TaxonomyItem[]): string | undefined {
  const k = looseKey(word);
  return items.find((t) => looseKey(t.id) === k || looseKey(t.title) === k)?.id;
}

/** `YYYY-MM-DD` of a date value (`2020-01-02 10:00:00 +0100` too), when it is a real day. */
export function isoDay(value: unknown): string | undefined {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : '';
  const day = /^\s*(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
  return day &&
    !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
    new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)
    ? day
    : undefined;
}

function mapSection(
  input: FrontmatterInput,
  remark: (key: string | undefined, message: string, rule: string, look?: boolean) => void,
): string {
  const { data, sections } = input;
  const own = typeof data.section === 'string' ? matchTaxonomy(data.section, sections) : undefined;
  if (own) {
    if (own !== data.section) remark('section', `section "${data.section}" written as "${own}"`, 'section');
    return own;
  }
  const words = [...listOf(data.section), ...listOf(data.categories), ...listOf(data.category)];
  for (const w of words) {
    const id = matchTaxonomy(w, sections);
    if (id) {
      remark(
        data.section !== undefined ? 'section' : data.categories !== undefined ? 'categories' : 'category',
        `section "${id}" taken from "${w}"`,
        'section',
      );
      return id;
    }
  }
  const why = words.length
    ? `none of ${words.map((w) => `"${w}"`).join(', ')} is a section of content/sections.yml`
    : 'the source has no section';
  remark(
    words.length ? (data.section !== undefined ? 'section' : 'categories') : undefined,
    `section set to "${input.defaultSection}" (${why}); change it if the note belongs elsewhere`,
    'section',
    words.length > 0,
  );
  return input.defaultSection;
}

/** Maps the frontmatter keys this site has, and reports every other key as dropped. */
export function importFrontmatter(input: FrontmatterInput): {
  frontmatter: ImportedFrontmatter;
  remarks: FrontmatterRemark[];
} {
  const { data } = input;
  const remarks: FrontmatterRemark[] = [];
  const remark = (key: string | undefined, message: string, rule: string, look = false) =>
    remarks.push({ ...(key ? input.keyPlace(key) : { line: 1, column: 1 }), message, rule, look });

  const section = mapSection(input, remark);
  const tags: string[] = [];
  for (const word of [...listOf(data.tags), ...listOf(data.tag)]) {
    const id = matchTaxonomy(word, input.tags);
    if (!id)
      remark(
        data.tags !== undefined ? 'tags' : 'tag',
        `tag "${word}" is not in content/tags.yml and was dropped; add it there with a description to keep it`,
        'tags',
        true,
      );
    else if (!tags.includes(id)) {
      tags.push(id);
      if (id !== word) remark('tags', `tag "${word}" written as "${id}"`, 'tags');
    }
  }
  // An alias is a name, spaces and all: a string is one alias, not a list of words.
  const aliases = [...new Set(listOf([data.aliases, data.alias].flat().filter((v) => v !== undefined && v !== null)))];
  const dateKey = dateKeys.find((k) => isoDay(data[k]));
  const postDate = /(^|\/)_posts\/(?:.*\/)?(\d{4}-\d{2}-\d{2})-[^/]*$/.exec(input.path)?.[2];
  const updated = dateKey ? isoDay(data[dateKey]) : isoDay(postDate);
  if (updated && dateKey !== 'updated')
    remark(dateKey, `updated: ${updated} (from ${dateKey ? `"${dateKey}"` : "the post's file name"})`, 'updated');
  const draft = data.draft === true || data.published === false ? true : undefined;
  if (draft && data.draft !== true)
    remark('published', 'published: false written as draft: true (left out of the site until you remove it)', 'draft');

  for (const key of Object.keys(data)) {
    if (readKeys.has(key)) continue;
    const known = key in noteFrontmatterSchema.shape;
    const why = known
      ? 'it names notes of the old site; add it again with slugs of this one'
      : 'the site has no such key';
    remark(key, `dropped frontmatter key "${key}" (${why})`, 'dropped-key', known);
  }
  for (const key of dateKeys.filter((k) => data[k] !== undefined && k !== dateKey))
    remark(
      key,
      `dropped frontmatter key "${key}" (${isoDay(data[key]) ? `"${dateKey}" gives the date` : 'not a date'})`,
      'dropped-key',
    );
  return { frontmatter: { section, tags, aliases, updated, draft }, remarks };
}

/** Title, summary and the imported keys as YAML frontmatter, with lists written inline. */
export function writeFrontmatter(title: string, summary: string, fm: ImportedFrontmatter): string {
  const doc = new Document({
    title,
    summary,
    section: fm.section,
    tags: fm.tags,
    aliases: fm.aliases,
    ...(fm.updated ? { updated: fm.updated } : {}),
    ...(fm.draft ? { draft: true } : {}),
  });
  visit(doc, {
    Seq(_, node) {
      node.flow = true;
    },
  });
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n`;
}
