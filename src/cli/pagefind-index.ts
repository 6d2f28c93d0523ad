import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import {
  keepOnly,
  pageHash,
  type PageMemo,
  readMemo,
  remember,
  restore,
  storedInput,
  storeInput,
  STRIP_CODE,
} from './pagefind-cache.ts';
import {
  addPages,
  changedPages,
  openIndex,
  type Preloaded,
  SEARCH_EXCLUDE,
  seedFrom,
  writeIndex,
} from './pagefind-bundle.ts';
import { siteFiles } from './site-files.ts';
import { settings } from '../settings.ts';

export { SEARCH_EXCLUDE };

/**
 * Pages per search bundle (default 1,350). Pagefind's memory peaks while it writes its index, at about
 * 0.7-0.95 MB per page of these notes (1,339 pages: 0.96 GB; 1,500: 1.41 GB, the largest process of a
 * 5,000-note build): above this many pages the site is indexed in bundles (`pagefind/`,
 * `pagefind-1/`, …), each written by a fresh Pagefind process, and the search UI merges them
 * (Pagefind's mergeIndex). Each bundle is cached by what search reads of its pages, so a bundle none
 * of whose pages changed in that respect is not indexed again.
 *
 * Not much smaller: Pagefind ranks a page against the word statistics of its own bundle, and scores
 * from two bundles are not comparable, so a site split into bundles ranks differently from one index.
 * This site's 1,649 pages in four bundles of about 400 put the expected note third instead of first
 * for "softmax attention", and in two of 825 (the author pages alone in the first) put author pages
 * first for "AdamW" (tests/site/search-quality.test.ts). `DLT_PAGEFIND_BATCH` overrides it.
 */
export const PAGES_PER_BUNDLE = settings().DLT_PAGEFIND_BATCH;

/**
 * Bytes of HTML per search bundle (default 256 MB). A page count alone does not bound Pagefind's memory:
 * it grows with what the pages hold. Measured with one jemalloc arena, its binary peaked at 3.4 MB per
 * MB of these math-heavy note pages both for a 1,000-note site (1,339 pages, 242 MB of HTML, 822 MB)
 * and for the first bundles of a 5,000-note site (1,350 pages of notes, 317 MB, 1,085 MB), which put
 * that build at 1,428 MB with the file:// copy, the search feeder and the build beside it. Under
 * 256 MB a bundle peaks near 870 MB. The 1,000-note site stays in one bundle (so an edit is indexed
 * from the preloaded one, see preloadBundle); a lighter site reaches the page count first.
 * `DLT_PAGEFIND_BUNDLE_MB` overrides it.
 */
export const BYTES_PER_BUNDLE = settings().DLT_PAGEFIND_BUNDLE_MB * 1024 * 1024;

/** Lists the extra bundles the search UI must merge; read by src/scripts/search.ts. */
export const BUNDLES_FILE = 'pagefind/bundles.json';

/**
 * What the search step did: pages indexed, in how many bundles, how many came from the cache, and,
 * when the index was preloaded with the last build's pages, how many were added again.
 */
export interface SearchSummary {
  pages: number;
  bundles: number;
  reused: number;
  reindexed?: number;
}

/** Part of every bundle's key: another Pagefind may write another index. (Its package exports no package.json.) */
const PAGEFIND_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8')) as { version: string }
).version;

/**
 * The site's pages in bundles, in path order: a bundle is closed at `perBundle` pages, or before the
 * page that would take its HTML (`size` of each page) past `maxBytes`; it holds at least one page.
 * Notes stay together (ranked against the same statistics) until there are more of them than a
 * bundle holds. Editing a page moves none, unless its size moves it past a limit; adding or removing
 * one shifts the bundles after it.
 */
export function assignBundles(
  files: readonly string[],
  perBundle: number,
  size: (file: string) => number = () => 0,
  maxBytes = Infinity,
): string[][] {
  const bundles: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const file of [...files].sort()) {
    const pageBytes = size(file);
    if (current.length > 0 && (current.length >= perBundle || bytes + pageBytes > maxBytes)) {
      bundles.push(current);
      [current, bytes] = [[], 0];
    }
    current.push(file);
    bytes += pageBytes;
  }
  if (current.length > 0 || bundles.length === 0) bundles.push(current);
  return bundles;
}

const bundleName = (b: number) => (b === 0 ? 'pagefind' : `pagefind-${b}`);

/**
 * The key of a bundle: Pagefind's version and settings, the bundle's name, and for each page its
 * path and the hash of what search can read of it. Same key, same index.
 */
function bundleKey(name: string, pages: readonly { file: string; hash: string }[]): string {
  const hash = createHash('sha256').update(JSON.stringify([PAGEFIND_VERSION, SEARCH_EXCLUDE, 'en', name, STRIP_CODE]));
  for (const { file, hash: page } of pages) hash.update(`\0${file}\0${page}`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * What search reads from a bundle merged into the first one (Pagefind's mergeIndex): its entry, its
 * metadata, its WebAssembly and its index, fragment and filter chunks. The JavaScript and UI files
 * Pagefind writes into every bundle are loaded from the first bundle only; the others' copies (about
 * 0.5 MB each) are removed, so neither the site nor "Save the whole site" carries them.
 */
const MERGED_BUNDLE_FILE = /^(?:pagefind-entry\.json|wasm\.en\.pagefind|.+\.pf_meta|index|fragment|filter)$/;

async function keepMergedFiles(bundle: string): Promise<void> {
  for (const name of await readdir(bundle))
    if (!MERGED_BUNDLE_FILE.test(name)) await rm(join(bundle, name), { recursive: true, force: true });
}

/**
 * Indexes one bundle's pages and writes it into `outputPath`: in a fresh Pagefind service, or in the
 * one preloaded with the last build's pages, adding again only those that changed. Pages are read
 * and stripped (`content`) a few at a time while Pagefind indexes the ones before. The files of
 * `previous`, the bundle's last version, are put in place first: Pagefind writes only the ones that
 * changed (see pagefind-reuse.ts).
 */
async function writeBundle(
  files: readonly string[],
  content: (file: string) => Promise<string>,
  outputPath: string,
  previous: string | undefined,
  preloaded?: { index: pagefind.PagefindIndex; changed: string[] },
): Promise<void> {
  const seeding = seedFrom(previous, outputPath);
  const index = preloaded?.index ?? (await openIndex());
  await addPages(index, preloaded?.changed ?? files, content);
  await writeIndex(index, outputPath, seeding);
}

/**
 * Builds the Pagefind index for a built site folder through Pagefind's Node API: each page is read,
 * stripped of the markup search never reads (see searchInput) and handed over, a few at a time.
 * With a cache folder, a bundle whose pages search reads the same as in a previous build is copied
 * from there instead; only this build's bundles are kept in it.
 */
export async function indexSite(
  dir: string,
  {
    cacheDir,
    perBundle = PAGES_PER_BUNDLE,
    maxBytes = BYTES_PER_BUNDLE,
    preload,
  }: {
    cacheDir?: string;
    perBundle?: number;
    maxBytes?: number;
    preload?: { ready: Promise<Preloaded | undefined>; cancel(): void };
  } = {},
): Promise<SearchSummary> {
  const files = (await siteFiles(dir)).filter((f) => f.endsWith('.html'));
  const sizes = new Map(await Promise.all(files.map(async (f) => [f, (await stat(join(dir, f))).size] as const)));
  const bundles = assignBundles(files, perBundle, (f) => sizes.get(f)!, maxBytes);
  const keys: string[] = [];
  const { pages: memo, bundles: previous } = await readMemo(cacheDir);
  const nextMemo: PageMemo = {};
  let reused = 0;
  let reindexed: number | undefined;
  for (const [b, bundle] of bundles.entries()) {
    const read = (file: string) => readFile(join(dir, file));
    const target = join(dir, bundleName(b));
    // With no memo (a first build, or new stripping code) no cached bundle can match: the pages are
    // hashed while Pagefind indexes them. Otherwise they are hashed first (memo hits need no
    // stripping), and the stripped pages computed on the way are kept for indexing, should it be needed.
    const known = new Map<string, { hash: string; content?: string }>();
    const keyOf = () =>
      bundleKey(
        bundleName(b),
        bundle.map((file) => ({ file, hash: known.get(file)!.hash })),
      );
    if (Object.keys(memo).length > 0) {
      for (const h of await Promise.all(
        bundle.map(async (file) => ({ file, ...pageHash(file, await read(file), memo, nextMemo) })),
      ))
        known.set(h.file, h);
      const key = keyOf();
      if (await restore(cacheDir, key, target)) {
        keys.push(key);
        reused++;
        if (b === 0) {
          preload?.cancel();
          if (await preload?.ready) await pagefind.close();
        }
        continue;
      }
    }
    // A preloaded index serves the first bundle if it holds the same pages; otherwise it is closed.
    const ready = b === 0 ? await preload?.ready : undefined;
    const changed = ready && changedPages(ready, bundle, (file) => known.get(file)!.hash);
    if (ready && !changed) await pagefind.close();
    if (changed) reindexed = changed.length;
    // Each page's search input: made on the way (memo misses), stored by the last build, or made now;
    // what is made is stored for the next build.
    const storing: Promise<void>[] = [];
    const keep = (hash: string, text: string) => (storing.push(storeInput(cacheDir, hash, text)), text);
    const content = async (file: string): Promise<string> => {
      const prior = known.get(file);
      if (prior?.content !== undefined) return keep(prior.hash, prior.content);
      const stored = prior && (await storedInput(cacheDir, prior.hash));
      if (stored !== undefined) return stored;
      const fresh = pageHash(file, await read(file), {}, nextMemo);
      known.set(file, { hash: fresh.hash });
      return keep(fresh.hash, fresh.content!);
    };
    await writeBundle(bundle, content, target, previous[b], changed && { index: ready!.index, changed });
    await Promise.all(storing);
    if (b > 0) await keepMergedFiles(target);
    const key = keyOf();
    keys.push(key);
    await remember(cacheDir, key, target);
  }
  await keepOnly(cacheDir, keys, nextMemo);
  const extra = bundles.slice(1).map((_, i) => `${bundleName(i + 1)}/`);
  await writeFile(join(dir, BUNDLES_FILE), JSON.stringify({ merge: extra }));
  return { pages: files.length, bundles: bundles.length, reused, ...(reindexed !== undefined && { reindexed }) };
}
