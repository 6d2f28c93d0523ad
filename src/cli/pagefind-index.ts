import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as pagefind from 'pagefind';
import { stripForIndex } from '../lib/strip-for-index.ts';

/**
 * What search must not index: KaTeX's rendered glyphs and TeX source (each formula's words are
 * indexed through the hidden `.math-words` span instead), heading anchors, and page furniture.
 */
export const SEARCH_EXCLUDE = ['.katex', '.heading-anchor', '.breadcrumbs', '.toc', '.note-end', 'figure svg'];

/**
 * Builds the Pagefind index for a built site folder through Pagefind's Node API: each page is read,
 * stripped of the markup search never reads (see stripForIndex) and handed over, a few at a time.
 */
export async function indexSite(dir: string): Promise<{ pages: number }> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: SEARCH_EXCLUDE, forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
  let pages = 0;
  for (let i = 0; i < files.length; i += 16) {
    await Promise.all(
      files.slice(i, i + 16).map(async (file) => {
        const content = stripForIndex(await readFile(join(dir, file), 'utf8'));
        const added = await index.addHTMLFile({ sourcePath: file, content });
        if (added.errors.length > 0) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
        pages++;
      }),
    );
  }
  const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
  await pagefind.close();
  return { pages };
}
