import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { corpusLoader } from './loaders/corpus-loader.ts';

/**
 * The site's collections. All four come from one corpus load (src/pipeline/load-corpus.ts), which
 * validates each note's frontmatter against `noteFrontmatterSchema` and reports problems with their
 * file and line. Astro's store keeps only the ids: the pages read the entries (the author's
 * frontmatter plus what the build derives: rendered headings, links, backlinks, citations, reading
 * time) from the corpus the loader publishes (src/data/corpus-registry.ts).
 */

const idsOnly = z.object({});

export const collections = {
  notes: defineCollection({ loader: corpusLoader('notes'), schema: idsOnly }),
  papers: defineCollection({ loader: corpusLoader('papers'), schema: idsOnly }),
  tags: defineCollection({ loader: corpusLoader('tags'), schema: idsOnly }),
  sections: defineCollection({ loader: corpusLoader('sections'), schema: idsOnly }),
};
