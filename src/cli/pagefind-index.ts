import * as pagefind from 'pagefind';

/**
 * What search must not index: KaTeX's rendered glyphs and TeX source (each formula's words are
 * indexed through the hidden `.math-words` span instead), heading anchors, and page furniture.
 */
export const SEARCH_EXCLUDE = ['.katex', '.heading-anchor', '.breadcrumbs', '.toc', '.note-end', 'figure svg'];

/** Builds the Pagefind index for a built site folder (the Node API, so no second process). */
export async function indexSite(dir: string): Promise<{ pages: number }> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: SEARCH_EXCLUDE, forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: dir });
  if (added.errors.length > 0) throw new Error(`Pagefind failed to index ${dir}: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: `${dir}/pagefind` });
  if (written.errors.length > 0) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
  await pagefind.close();
  return { pages: added.page_count };
}
