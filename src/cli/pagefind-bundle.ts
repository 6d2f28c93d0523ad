import { rm } from 'node:fs/promises';
import * as pagefind from 'pagefind';
import type { PagefindIndex } from 'pagefind';
import { collectGarbage } from '../lib/collect-garbage.ts';
import { readMemo, storedInput } from './pagefind-cache.ts';
import { seedBundle, settleBundle } from './pagefind-reuse.ts';

/*
 * One search bundle through Pagefind's service: its pages added in path order, then written. And a
 * bundle prepared before the site is built (`preloadBundle`): after an edit, most pages of a site
 * indexed in one bundle are what search read of them last time.
 */

/**
 * What search must not index: KaTeX's rendered glyphs and TeX source (each formula's words are
 * indexed through the hidden `.math-words` span instead), heading anchors, and page furniture.
 */
export const SEARCH_EXCLUDE = ['.katex', '.heading-anchor', '.breadcrumbs', '.toc', '.note-end', 'figure svg'];

/** Starts a Pagefind service with an empty index (one per process: closing Pagefind ends it). */
export async function openIndex(): Promise<PagefindIndex> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: SEARCH_EXCLUDE, forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  return index;
}

/**
 * Hands `files` to Pagefind, in the order given, with what search reads of each (`content`). Pages
 * reach Pagefind in path order (the index it writes depends on the order; its service handles one
 * message at a time, in the order sent). They are read 16 at a time, the next 16 while these are
 * sent, and up to 32 are in flight: a page is sent as soon as one before it is indexed, so the
 * binary never waits for a whole batch to come back before the next arrives. A page added again
 * (the same path) replaces the earlier one in its place.
 */
export async function addPages(
  index: PagefindIndex,
  files: readonly string[],
  content: (file: string) => Promise<string>,
): Promise<void> {
  const prepare = (i: number) => Promise.all(files.slice(i, i + 16).map(async (file) => [file, await content(file)]));
  const inFlight: Promise<void>[] = [];
  let next = prepare(0);
  for (let i = 0; i < files.length; i += 16) {
    const batch = await next;
    next = prepare(i + 16);
    next.catch(() => {}); // awaited next round; not unhandled if this round fails first
    for (const [file, html] of batch) {
      const added = index.addHTMLFile({ sourcePath: file, content: html }).then(({ errors }) => {
        if (errors.length > 0) throw new Error(`Pagefind could not index ${file}: ${errors.join('; ')}`);
      });
      added.catch(() => {}); // awaited below, in order
      inFlight.push(added);
      if (inFlight.length >= 32) await inFlight.shift();
    }
  }
  await Promise.all(inFlight);
}

/**
 * Writes an index whose pages are all added into `outputPath`, over the previous version's files
 * (`seeding`, see pagefind-reuse.ts: Pagefind writes only the files that changed), then closes
 * Pagefind, so that the next bundle starts from an empty service.
 */
export async function writeIndex(index: PagefindIndex, outputPath: string, seeding: Promise<string[]>): Promise<void> {
  // Pagefind's binary takes most of its memory now, while this process only waits: a full collection
  // first (the build's step runs with --expose-gc) gave 146 MB to 77 MB back beside it (1,000 notes).
  collectGarbage();
  const write = async () => {
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
  };
  const seeded = await seeding;
  await write();
  if (!(await settleBundle(outputPath, seeded))) {
    await rm(outputPath, { recursive: true, force: true });
    await write();
  }
  await pagefind.close();
}

/** The previous version's files, linked into `outputPath` while pages are added (awaited before the write). */
export function seedFrom(previous: string | undefined, outputPath: string): Promise<string[]> {
  const seeding = previous ? seedBundle(previous, outputPath) : Promise.resolve([]);
  seeding.catch(() => {});
  return seeding;
}

/** An index holding the last build's pages, as search read them then (path → hash of that input). */
export interface Preloaded {
  index: PagefindIndex;
  pages: Map<string, string>;
}

/**
 * While the site is being built: when the last build was indexed in one bundle, adds its pages to a
 * fresh index from the inputs stored then (see storedInput), in path order. If the new site has the
 * same pages, only those search reads differently need adding again (each replaces its earlier
 * version in place, so the index is the one a fresh start would write), and the seconds Pagefind
 * spends adding pages are spent while Astro still works. Undefined (and Pagefind closed) when there
 * is nothing to preload, an input is missing, or `signal` aborts it (the index is not needed).
 */
export async function preloadBundle(cacheDir: string, signal?: AbortSignal): Promise<Preloaded | undefined> {
  const { pages: memo, bundles } = await readMemo(cacheDir);
  const files = Object.keys(memo).sort();
  if (bundles.length !== 1 || files.length === 0) return undefined;
  const pages = new Map(files.map((file) => [file, memo[file]![1]]));
  let index: PagefindIndex | undefined;
  try {
    index = await openIndex();
    await addPages(index, files, async (file) => {
      signal?.throwIfAborted();
      const stored = await storedInput(cacheDir, pages.get(file)!);
      if (stored === undefined) throw new Error(`no stored search input for ${file}`);
      return stored;
    });
    return { index, pages };
  } catch {
    if (index) await pagefind.close();
    return undefined;
  }
}

/**
 * The pages of `bundle` to add to a preloaded index (those whose search input changed), or undefined
 * when the bundle's pages are not the preloaded ones, in the same order.
 */
export function changedPages(
  preloaded: Preloaded,
  bundle: readonly string[],
  hashOf: (file: string) => string,
): string[] | undefined {
  const files = [...preloaded.pages.keys()];
  if (files.length !== bundle.length || files.some((file, i) => file !== bundle[i])) return undefined;
  return bundle.filter((file) => preloaded.pages.get(file) !== hashOf(file));
}
