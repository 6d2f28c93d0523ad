import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { stripForIndex } from '../lib/strip-for-index.ts';
import { siteFiles } from './site-files.ts';
import { settings } from '../settings.ts';

/**
 * What search must not index: KaTeX's rendered glyphs and TeX source (each formula's words are
 * indexed through the hidden `.math-words` span instead), heading anchors, and page furniture.
 */
export const SEARCH_EXCLUDE = ['.katex', '.heading-anchor', '.breadcrumbs', '.toc', '.note-end', 'figure svg'];

/**
 * Pagefind keeps about half a megabyte per page in memory while indexing (measured: 2.8 GB for 6,000
 * pages), whatever the page size. Above this many pages the site is indexed in batches, each written
 * as its own bundle (`pagefind/`, `pagefind-1/`, …) by a fresh Pagefind process, and the search UI
 * merges them (Pagefind's mergeIndex). `DLT_PAGEFIND_BATCH` overrides it.
 */
export const PAGES_PER_BUNDLE = settings().DLT_PAGEFIND_BATCH;

/** Lists the extra bundles the search UI must merge; read by src/scripts/search.ts. */
export const BUNDLES_FILE = 'pagefind/bundles.json';

/**
 * Builds the Pagefind index for a built site folder through Pagefind's Node API: each page is read,
 * stripped of the markup search never reads (see stripForIndex) and handed over, a few at a time.
 */
export async function indexSite(dir: string): Promise<{ pages: number; bundles: number }> {
  const files = (await siteFiles(dir)).filter((f) => f.endsWith('.html'));
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += PAGES_PER_BUNDLE) batches.push(files.slice(i, i + PAGES_PER_BUNDLE));
  let pages = 0;
  const extra: string[] = [];
  for (const [b, batch] of batches.entries()) {
    const { index, errors } = await pagefind.createIndex({ excludeSelectors: SEARCH_EXCLUDE, forceLanguage: 'en' });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    for (let i = 0; i < batch.length; i += 16) {
      await Promise.all(
        batch.slice(i, i + 16).map(async (file) => {
          const content = stripForIndex(await readFile(join(dir, file), 'utf8'));
          const added = await index.addHTMLFile({ sourcePath: file, content });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
          pages++;
        }),
      );
    }
    const bundle = b === 0 ? 'pagefind' : `pagefind-${b}`;
    const written = await index.writeFiles({ outputPath: join(dir, bundle) });
    if (written.errors.length > 0) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
    if (b > 0) extra.push(`${bundle}/`);
    // Closing ends the Pagefind process, so the next batch starts from an empty one.
    await pagefind.close();
  }
  await writeFile(join(dir, BUNDLES_FILE), JSON.stringify({ merge: extra }));
  return { pages, bundles: batches.length };
}
