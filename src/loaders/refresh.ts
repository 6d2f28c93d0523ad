/**
 * What the dev server's content reloads (src/integrations/content-refresh.ts) and the loaders
 * (corpus-loader.ts) agree on; a module of its own, so astro.config.mjs does not load the pipeline.
 */

/** The names of the four collections' loaders. */
export const COLLECTION_LOADERS = ['notes', 'papers', 'tags', 'sections'].map((n) => `dl-theory-${n}`);

/** Marks a reload asked for by the dev server, with the generation of the corpus it asks for. */
export const REFRESH_SOURCE = 'dlt:content-refresh';
