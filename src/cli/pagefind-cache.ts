import { createHash } from 'node:crypto';
import { cp, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { searchInput } from '../lib/strip-for-index.ts';

/*
 * The search index's cache folder (see indexSite in pagefind-index.ts): one folder per bundle, named
 * by its key, and a memo of every page's hashes from the last build.
 */

/**
 * What the key of a page depends on besides its bytes: the code that strips it (a new version may
 * hand Pagefind something else for the same page).
 */
export const STRIP_CODE = createHash('sha256')
  .update(readFileSync(new URL('../lib/strip-for-index.ts', import.meta.url)))
  .digest('hex');

/** Per page, the hash of its bytes and the hash of what search can read of it (searchInput). */
export type PageMemo = Record<string, [raw: string, indexed: string]>;
const MEMO_FILE = 'pages.json';

/** Whether the last build's pages can be preloaded: it left a memo, and indexed its pages in one bundle. */
export async function preloadable(cacheDir: string): Promise<boolean> {
  const { pages, bundles } = await readMemo(cacheDir);
  return bundles.length === 1 && Object.keys(pages).length > 0;
}

/**
 * The page hashes of the last build (none if there is no memo or other stripping code wrote it), and
 * the folders of its bundles in the cache, in order (one may have gone since).
 */
export async function readMemo(cacheDir: string | undefined): Promise<{ pages: PageMemo; bundles: string[] }> {
  if (!cacheDir) return { pages: {}, bundles: [] };
  const memo = (await readFile(join(cacheDir, MEMO_FILE), 'utf8')
    .then((t) => JSON.parse(t) as { code?: string; pages?: PageMemo; bundles?: unknown })
    .catch(() => undefined)) ?? { code: '' };
  const keys = Array.isArray(memo.bundles) ? memo.bundles.filter((k) => typeof k === 'string' && /^\w+$/.test(k)) : [];
  return {
    pages: memo.code === STRIP_CODE && memo.pages ? memo.pages : {},
    bundles: keys.map((key) => join(cacheDir, key)),
  };
}

/**
 * The hash of what search can read of a page, and that part itself when it had to be made (it is
 * what Pagefind is given). Decoding and stripping every page of a large site takes seconds, hashing
 * its bytes a fraction of that: a page whose bytes are those of the previous build keeps its hash
 * from the memo.
 */
export function pageHash(
  file: string,
  bytes: Buffer,
  memo: PageMemo,
  next: PageMemo,
): { hash: string; content?: string } {
  const raw = createHash('sha1').update(bytes).digest('base64url');
  const known = memo[file];
  if (known?.[0] === raw) {
    next[file] = known;
    return { hash: known[1] };
  }
  const content = searchInput(bytes.toString('utf8'));
  const hash = inputHash(content);
  next[file] = [raw, hash];
  return { hash, content };
}

const inputHash = (content: string) => createHash('sha256').update(content).digest('base64url');

/**
 * What Pagefind was given of each page (searchInput), by its hash, for the next build. A bundle
 * indexed again after an edit reads its unchanged pages from here rather than stripping them again:
 * 1.3 s of CPU for the 1,339 pages of the benchmark corpus, on the second core, which the file://
 * copy is using then. About 29 KB per page of that corpus.
 */
const INPUT_DIR = 'input';

/** A page's stored search input, checked against its hash; undefined if there is none. */
export async function storedInput(cacheDir: string | undefined, hash: string): Promise<string | undefined> {
  if (!cacheDir) return undefined;
  const text = await readFile(join(cacheDir, INPUT_DIR, `${hash}.html`), 'utf8').catch(() => undefined);
  return text !== undefined && inputHash(text) === hash ? text : undefined;
}

/** Stores a page's search input; a cache that cannot be written only costs the next build time. */
export async function storeInput(cacheDir: string | undefined, hash: string, content: string): Promise<void> {
  if (!cacheDir) return;
  const path = join(cacheDir, INPUT_DIR, `${hash}.html`);
  const partial = `${path}.partial-${process.pid}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(partial, content);
    await rename(partial, path);
  } catch {
    await rm(partial, { force: true }).catch(() => {});
  }
}

/**
 * Puts the files of `from` at the same paths under `to`, as hard links: a bundle is thousands of
 * small files, and nothing writes into a bundle once Pagefind has written it. Copies where links
 * cannot be made (another file system).
 */
async function linkTree(from: string, to: string): Promise<void> {
  try {
    await mkdir(to, { recursive: true });
    for (const e of await readdir(from, { recursive: true, withFileTypes: true })) {
      const target = join(to, relative(from, join(e.parentPath, e.name)));
      if (e.isDirectory()) await mkdir(target, { recursive: true });
      else await link(join(e.parentPath, e.name), target);
    }
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}

/** Puts a cached bundle into the site; false if there is none (or it is incomplete). */
export async function restore(cacheDir: string | undefined, key: string, target: string): Promise<boolean> {
  if (!cacheDir) return false;
  const cached = join(cacheDir, key);
  const complete = await stat(join(cached, 'pagefind-entry.json')).then(
    () => true,
    () => false,
  );
  if (!complete) return false;
  await linkTree(cached, target);
  return true;
}

/**
 * The cache only saves time: a cache that cannot be written (a full disk, a file where its folder
 * should be) is reported and the build goes on with the index it wrote; the next build indexes again.
 */
function cacheProblem(cacheDir: string, error: unknown): void {
  console.warn(
    `warning: the search index cache in ${cacheDir} could not be written (${(error as Error).message}); ` +
      'the site is built, and the next build indexes every page again',
  );
}

/** Keeps a freshly written bundle; it appears in the cache whole or not at all. */
export async function remember(cacheDir: string | undefined, key: string, written: string): Promise<void> {
  if (!cacheDir) return;
  const partial = join(cacheDir, `${key}.partial-${process.pid}`);
  try {
    await rm(partial, { recursive: true, force: true });
    await linkTree(written, partial);
    await rm(join(cacheDir, key), { recursive: true, force: true });
    await rename(partial, join(cacheDir, key));
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    cacheProblem(cacheDir, error);
  }
}

/** Keeps this build's bundles (`keys`), memo and pages' search inputs in the cache and removes everything else. */
export async function keepOnly(cacheDir: string | undefined, keys: readonly string[], memo: PageMemo): Promise<void> {
  if (!cacheDir) return;
  const current = new Set([...keys, MEMO_FILE, INPUT_DIR]);
  const inputs = new Set(Object.values(memo).map(([, indexed]) => `${indexed}.html`));
  try {
    for (const name of await readdir(cacheDir).catch(() => []))
      if (!current.has(name)) await rm(join(cacheDir, name), { recursive: true, force: true });
    for (const name of await readdir(join(cacheDir, INPUT_DIR)).catch(() => []))
      if (!inputs.has(name)) await rm(join(cacheDir, INPUT_DIR, name), { force: true });
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, MEMO_FILE), JSON.stringify({ code: STRIP_CODE, pages: memo, bundles: keys }));
  } catch (error) {
    cacheProblem(cacheDir, error);
  }
}
