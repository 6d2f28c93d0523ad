import { z } from 'zod';
import { isKebabCase } from '../lib/slugs.ts';

/**
 * The frontmatter an author writes at the top of a note. This is the single source of truth:
 * the site's `notes` collection, the content checker and `npm run new` all use it.
 * Messages are written for the author, who sees them as `path:line:col  message`.
 */

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const updatedFormat = 'updated must be a date written YYYY-MM-DD, e.g. `updated: 2026-11-28`';

/** The UTC date of `YYYY-MM-DD`, or an invalid Date when no such day exists (`2026-02-30` does not roll over). */
function calendarDate(value: string): Date {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? d : new Date(Number.NaN);
}

export const noteFrontmatterSchema = z.strictObject({
  title: z
    .string({ error: 'title must be text, e.g. `title: Neural tangent kernel`' })
    .trim()
    .min(1, 'title must not be empty')
    .max(120, 'title is longer than 120 characters; move the detail into the summary'),
  summary: z
    .string({ error: 'summary must be one or two sentences of text' })
    .trim()
    .min(1, 'summary must not be empty: write one or two sentences saying what the note explains')
    .max(300, 'summary is longer than 300 characters; keep it to one or two sentences'),
  section: z
    .string({ error: 'section must be the id of a home-page section from content/sections.yml' })
    .trim()
    .min(1, 'section must not be empty'),
  tags: z
    .array(
      z.string({ error: 'each tag must be text' }).refine(isKebabCase, {
        error: (issue) =>
          `tag "${String(issue.input)}" is not kebab-case (lowercase words joined by hyphens, e.g. implicit-bias)`,
      }),
      { error: 'tags must be a list, e.g. `tags: [implicit-bias, optimization]`' },
    )
    .default([]),
  aliases: z
    .array(z.string({ error: 'each alias must be text' }).trim().min(1, 'an alias must not be empty'), {
      error: 'aliases must be a list, e.g. `aliases: [NTK]`',
    })
    .default([]),
  related: z
    .array(z.string({ error: 'each related entry must be a note slug or title' }).trim().min(1), {
      error: 'related must be a list of note slugs, e.g. `related: [infinite-width-limits]`',
    })
    .default([]),
  prerequisites: z
    .array(z.string({ error: 'each prerequisite must be a note slug or title' }).trim().min(1), {
      error: 'prerequisites must be a list of note slugs, e.g. `prerequisites: [infinite-width-limits]`',
    })
    .default([]),
  updated: z
    .union([z.date(), z.string().regex(isoDate, { error: updatedFormat })], { error: updatedFormat })
    .transform((value) => (value instanceof Date ? value : calendarDate(value)))
    .refine((d) => !Number.isNaN(d.getTime()), { error: 'updated is not a real calendar date' })
    .optional(),
  draft: z.boolean({ error: 'draft must be true or false' }).default(false),
});

/** Frontmatter as written (input) and after defaults are applied (output). */
export type NoteFrontmatterInput = z.input<typeof noteFrontmatterSchema>;
export type NoteFrontmatter = z.output<typeof noteFrontmatterSchema>;

/** Keys an author may use, for "unknown key" hints. */
export const noteFrontmatterKeys = Object.keys(noteFrontmatterSchema.shape);
