import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { corpusLoader, type NoteDerived } from './loaders/corpus-loader.ts';
import type { PaperRecord } from './pipeline/load-corpus.ts';
import { noteFrontmatterSchema } from './schemas/note.ts';
import { sectionSchema, tagSchema } from './schemas/taxonomy.ts';

/**
 * The site's collections. All four come from one corpus load (src/pipeline/load-corpus.ts), which
 * validates each note's frontmatter against `noteFrontmatterSchema` and reports problems with their
 * file and line. The schemas below describe what is stored: the author's frontmatter plus what the
 * build derives (rendered headings, links, backlinks, citations, reading time).
 */

const notes = defineCollection({
  loader: corpusLoader('notes'),
  schema: noteFrontmatterSchema.extend({ derived: z.custom<NoteDerived>() }),
});

const papers = defineCollection({
  loader: corpusLoader('papers'),
  schema: z.custom<PaperRecord>(),
});

const tags = defineCollection({
  loader: corpusLoader('tags'),
  schema: tagSchema,
});

const sections = defineCollection({
  loader: corpusLoader('sections'),
  schema: sectionSchema.extend({ order: z.number() }),
});

export const collections = { notes, papers, tags, sections };
