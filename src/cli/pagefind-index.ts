import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { indexedPart, stripForIndex } from '../lib/strip-for-index.ts';
import { siteFiles } from './site-files.ts';
import { settings } from '../settings.ts';

/**
 * What search must not index: KaTeX's rendered glyphs and TeX source (each formula's words are
 * indexed through the hidden `.math-words` span instead), heading anchors, and page furniture.
 */
export const SEARCH_EXCLUDE = ['.katex', '.heading-anchor', '.breadcrumbs', '.toc', '.note-end', 'figure svg'];

/**
 * Pages per search bundle. Pagefind keeps about half a megabyte per page in memory while indexing
 * (2.8 GB for 6,000 pages in one process), whatever the page size: above this many pages the site is
 * indexed in bundles (`pagefind/`, `pagefind-1/`, …), each written by a fresh Pagefind process, and
 * the search UI merges them (Pagefind's mergeIndex). Each bundle is cached by what search reads of
 * its pages, so a bundle none of whose pages changed in that respect is not indexed again.
 *
 * Not smaller: Pagefind ranks a page against the word statistics of its own bundle, so a site split
 * into bundles ranks a little differently from one index. This site's 1,649 pages in four bundles of
 * about 400 put the expected note third instead of first for "softmax attention"
 * (tests/site/search-quality.test.ts). `DLT_PAGEFIND_BATCH` overrides it.
 */
export const PAGES_PER_BUNDLE = settings().DLT_PAGEFIND_BATCH;

/** Lists the extra bundles the search UI must merge; read by src/scripts/search.ts. */
export const BUNDLES_FILE = 'pagefind/bundles.json';

/** Part of every bundle's key: another Pagefind may write another index. (Its package exports no package.json.) */
const PAGEFIND_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8')) as { version: string }
).version;

/**
 * The site's pages in bundles of `perBundle`, in path order: notes stay together (ranked against the
 * same statistics) until there are more of them than a bundle holds. Editing pages moves none; adding
 * or removing one shifts the bundles after it.
 */
export function assignBundles(files: readonly string[], perBundle: number): string[][] {
  const sorted = [...files].sort();
  const bundles: string[][] = [];
  for (let i = 0; i < sorted.length; i += perBundle) bundles.push(sorted.slice(i, i + perBundle));
  return bundles.length > 0 ? bundles : [[]];
}

const bundleName = (b: number) => (b === 0 ? 'pagefind' : `pagefind-${b}`);

/**
 * What the key of a page depends on besides its bytes: the code that strips it (a new version may
 * hand Pagefind something else for the same page).
 */
const STRIP_CODE = createHash('sha256')
  .update(readFileSync(new URL('../lib/strip-for-index.ts', import.meta.url)))
  .digest('hex');

/** Per page, the hash of its bytes and the hash of what search can read of it (indexedPart). */
type PageMemo = Record<string, [raw: string, indexed: string]>;
const MEMO_FILE = 'pages.json';

async function readMemo(cacheDir: string | undefined): Promise<PageMemo> {
  if (!cacheDir) return {};
  const memo = (await readFile(join(cacheDir, MEMO_FILE), 'utf8')
    .then((t) => JSON.parse(t) as { code?: string; pages?: PageMemo })
    .catch(() => undefined)) ?? { code: '' };
  return memo.code === STRIP_CODE && memo.pages ? memo.pages : {};
}

/**
 * The hash of what search can read of a page. Decoding and stripping every page of a large site
 * takes seconds, hashing its bytes a fraction of that: a page whose bytes are those of the previous
 * build keeps its hash from the memo.
 */
function pageHash(file: string, bytes: Buffer, memo: PageMemo, next: PageMemo): { hash: string; content?: string } {
  const raw = createHash('sha1').update(bytes).digest('base64url');
  const known = memo[file];
  if (known?.[0] === raw) {
    next[file] = known;
    return { hash: known[1] };
  }
  const content = stripForIndex(bytes.toString('utf8'));
  const hash = createHash('sha256').update(indexedPart(content)).digest('base64url');
  next[file] = [raw, hash];
  return { hash, content };
}

/**
 * The key of a bundle: Pagefind's version and settings, the bundle's name, and for each page its
 * path and the hash of what search can read of it. Same key, same index.
 */
function bundleKey(name: string, pages: readonly { file: string; hash: string }[]): string {
  const hash = createHash('sha256').update(JSON.stringify([PAGEFIND_VERSION, SEARCH_EXCLUDE, 'en', name, STRIP_CODE]));
  for (const { file, hash: page } of pages) hash.update(`\0${file}\0${page}`);
  return hash.digest('hex').slice(0, 32);
}

/** Copies a cached bundle into the site; false if there is none (or it is incomplete). */
async function restore(cacheDir: string | undefined, key: string, target: string): Promise<boolean> {
  if (!cacheDir) return false;
  const cached = join(cacheDir, key);
  const complete = await stat(join(cached, 'pagefind-entry.json')).then(
    () => true,
    () => false,
  );
  if (!complete) return false;
  await cp(cached, target, { recursive: true });
  return true;
}

/** Keeps a copy of a freshly written bundle; the copy appears whole or not at all. */
async function remember(cacheDir: string | undefined, key: string, written: string): Promise<void> {
  if (!cacheDir) return;
  const partial = join(cacheDir, `${key}.partial-${process.pid}`);
  await mkdir(cacheDir, { recursive: true });
  await rm(partial, { recursive: true, force: true });
  await cp(written, partial, { recursive: true });
  await rm(join(cacheDir, key), { recursive: true, force: true });
  await rename(partial, join(cacheDir, key));
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

/** Indexes one bundle's pages in a fresh Pagefind process and writes it into `outputPath`. */
async function writeBundle(pages: readonly { file: string; content: string }[], outputPath: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: SEARCH_EXCLUDE, forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  for (let i = 0; i < pages.length; i += 16) {
    await Promise.all(
      pages.slice(i, i + 16).map(async ({ file, content }) => {
        const added = await index.addHTMLFile({ sourcePath: file, content });
        if (added.errors.length > 0) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
      }),
    );
  }
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length > 0) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
  // Closing ends the Pagefind process, so the next bundle starts from an empty one.
  await pagefind.close();
}

/**
 * Builds the Pagefind index for a built site folder through Pagefind's Node API: each page is read,
 * stripped of the markup search never reads (see stripForIndex) and handed over, a few at a time.
 * With a cache folder, a bundle whose pages search reads the same as in a previous build is copied
 * from there instead; only this build's bundles are kept in it.
 */
export async function indexSite(
  dir: string,
  { cacheDir, perBundle = PAGES_PER_BUNDLE }: { cacheDir?: string; perBundle?: number } = {},
): Promise<{ pages: number; bundles: number; reused: number }> {
  const files = (await siteFiles(dir)).filter((f) => f.endsWith('.html'));
  const bundles = assignBundles(files, perBundle);
  const keys: string[] = [];
  const memo = await readMemo(cacheDir);
  const nextMemo: PageMemo = {};
  let reused = 0;
  for (const [b, bundle] of bundles.entries()) {
    const read = (file: string) => readFile(join(dir, file));
    // The stripped pages computed on the way are kept for indexing, should the bundle need it.
    const hashed = await Promise.all(
      bundle.map(async (file) => ({ file, ...pageHash(file, await read(file), memo, nextMemo) })),
    );
    const key = bundleKey(bundleName(b), hashed);
    keys.push(key);
    const target = join(dir, bundleName(b));
    if (await restore(cacheDir, key, target)) {
      reused++;
      continue;
    }
    const pages = await Promise.all(
      hashed.map(async ({ file, content }) => ({
        file,
        content: content ?? stripForIndex((await read(file)).toString('utf8')),
      })),
    );
    await writeBundle(pages, target);
    if (b > 0) await keepMergedFiles(target);
    await remember(cacheDir, key, target);
  }
  if (cacheDir) {
    const current = new Set([...keys, MEMO_FILE]);
    for (const name of await readdir(cacheDir).catch(() => []))
      if (!current.has(name)) await rm(join(cacheDir, name), { recursive: true, force: true });
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, MEMO_FILE), JSON.stringify({ code: STRIP_CODE, pages: nextMemo }));
  }
  const extra = bundles.slice(1).map((_, i) => `${bundleName(i + 1)}/`);
  await writeFile(join(dir, BUNDLES_FILE), JSON.stringify({ merge: extra }));
  return { pages: files.length, bundles: bundles.length, reused };
}
