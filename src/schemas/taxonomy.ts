import { z } from 'zod';
import { isKebabCase } from '../lib/slugs.ts';

/** One home-page section, from `content/sections.yml`, in display order. */
export const sectionSchema = z.strictObject({
  id: z
    .string({ error: 'a section needs an id, e.g. `id: theory`' })
    .refine(isKebabCase, { error: 'a section id must be kebab-case, e.g. theory' }),
  title: z.string({ error: 'a section needs a title' }).min(1, 'a section needs a title'),
  description: z
    .string({ error: 'a section needs a one-line description' })
    .min(1, 'a section needs a one-line description'),
});

/** One tag of the taxonomy, from `content/tags.yml`. Notes may only use these. */
export const tagSchema = z.strictObject({
  id: z
    .string({ error: 'a tag needs an id, e.g. `id: implicit-bias`' })
    .refine(isKebabCase, { error: 'a tag id must be kebab-case, e.g. implicit-bias' }),
  title: z
    .string({ error: 'a tag needs a title (how it reads on the page)' })
    .min(1, 'a tag needs a title (how it reads on the page)'),
  description: z
    .string({ error: 'a tag needs a one-line description for its tag page' })
    .min(1, 'a tag needs a one-line description for its tag page'),
});

/** One step of the reading path for newcomers, from `content/reading-path.yml`, in reading order. */
export const readingStepSchema = z.strictObject({
  note: z
    .string({ error: 'a step needs the note to read, e.g. `note: simple-models`' })
    .min(1, 'a step needs the note to read'),
  why: z
    .string({ error: 'a step needs one line on why to read it now' })
    .min(1, 'a step needs one line on why to read it now')
    .max(200, 'keep `why` to one line (200 characters)'),
});

export type Section = z.output<typeof sectionSchema>;
export type ReadingStep = z.output<typeof readingStepSchema>;
export type Tag = z.output<typeof tagSchema>;
