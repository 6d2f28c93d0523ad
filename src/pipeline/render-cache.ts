import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from '../settings.ts';
import type { RenderMeta } from './render-note.ts';

/**
 * The default cache folder of a corpus: per content root and base path, under the project's
 * node_modules/.cache (DLT_CACHE_DIR overrides the parent folder). The render cache lives in it, and
 * the file:// copy's cache in its `offline/` folder.
 */
export function defaultCacheDir(root: URL, base: string): string {
  const parent =
    settings().DLT_CACHE_DIR ?? fileURLToPath(new URL('../../node_modules/.cache/dl-theory/', import.meta.url));
  const key = createHash('sha1')
    .update(JSON.stringify([root.href, base]))
    .digest('base64url')
    .slice(0, 16);
  return `${parent.replace(/\/$/, '')}/${key}`;
}

/** A render's HTML encoded once: its UTF-8 bytes, and the hash the cache stores them under. */
export interface EncodedHtml {
  bytes: Uint8Array;
  hash: string;
}

const utf8 = new TextEncoder();

/**
 * Encodes a render's HTML for the cache. Render threads do it before they hand a render over, and
 * move the bytes instead of copying the string (see render-worker.ts); the bytes have a buffer of
 * their own, so moving them takes nothing else with them.
 */
export function encodeHtml(html: string): EncodedHtml {
  const bytes = utf8.encode(html);
  return { bytes, hash: createHash('sha256').update(bytes).digest('base64url').slice(0, 32) };
}

/** What is remembered about one note's render, besides its HTML (which lives in its own file). */
export interface CachedRender {
  sourceHash: string;
  fingerprint: string;
  /** The name of the HTML file, which is the hash of its content (see RenderCache). */
  htmlHash: string;
  output: RenderMeta;
}

/**
 * Rendered notes on disk: `<dir>/<slug>.json` says what the last render of a note found, and
 * `<dir>/html/<hash>.html` holds its HTML under the hash of that HTML. Pages read a note's HTML
 * from its file when they render, so a build never holds every note's HTML in memory at once, and
 * the next build (or `check:content`) reuses every render whose inputs did not change.
 *
 * Content addressing is what makes a build publish exactly what it checked: an HTML file never
 * changes once written, so `check:content` or `npm run dev` re-rendering a note while a build runs
 * writes a new file beside it instead of replacing the one the build checked. Every file is
 * written to a temporary name and renamed, so no reader sees half a file.
 */
export class RenderCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  /** The HTML file of a render, by its hash. */
  htmlPath(htmlHash: string): string {
    return join(this.dir, 'html', `${htmlHash}.html`);
  }

  async read(slug: string): Promise<CachedRender | undefined> {
    try {
      const entry = JSON.parse(await readFile(join(this.dir, `${slug}.json`), 'utf8')) as CachedRender;
      // An entry whose HTML was pruned (or a cache from before content addressing) is not reusable.
      return (await this.touch(entry.htmlHash)) ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Marks a render's HTML file in use, so no other process prunes it while this one reads it;
   * false if it is gone.
   */
  async touch(htmlHash: string): Promise<boolean> {
    const now = new Date();
    return utimes(this.htmlPath(htmlHash), now, now).then(
      () => true,
      () => false,
    );
  }

  /** Stores a render; returns the hash its HTML is stored under. */
  async write(slug: string, entry: Omit<CachedRender, 'htmlHash'>, html: string | EncodedHtml): Promise<string> {
    // Encoded once, for the hash and the file (each would encode a string again).
    const { bytes, hash: htmlHash } = typeof html === 'string' ? encodeHtml(html) : html;
    await mkdir(join(this.dir, 'html'), { recursive: true });
    await atomicWrite(this.htmlPath(htmlHash), bytes);
    await atomicWrite(join(this.dir, `${slug}.json`), JSON.stringify({ ...entry, htmlHash }));
    return htmlHash;
  }

  /**
   * Removes HTML files that this load did not use and that are older than `minAgeMs` (a day by
   * default: a file another process wrote since, or one a build still running is reading, is young).
   */
  async prune(used: Iterable<string>, minAgeMs = 24 * 3600 * 1000): Promise<number> {
    const live = new Set([...used].map((hash) => `${hash}.html`));
    let removed = 0;
    const now = Date.now();
    for (const name of await readdir(join(this.dir, 'html')).catch(() => [] as string[])) {
      if (live.has(name)) continue;
      const path = join(this.dir, 'html', name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.mtimeMs > minAgeMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

let sequence = 0;
/** Writes a file under a temporary name and renames it into place (atomic on one file system). */
async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.${sequence++}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/** Cache folders of other corpora (tests, benchmarks) unused for this long are removed. */
const STALE_MS = 14 * 24 * 3600 * 1000;

/**
 * Marks `dir` as used and removes sibling cache folders that no build has used for two weeks, so
 * temporary corpora (tests, benchmarks) do not pile up under node_modules/.cache.
 */
export async function touchAndPrune(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const now = new Date();
  await utimes(dir, now, now);
  const parent = dirname(dir);
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const sibling = join(parent, name);
    if (sibling === dir) continue;
    const info = await stat(sibling).catch(() => undefined);
    if (info?.isDirectory() && now.getTime() - info.mtimeMs > STALE_MS)
      await rm(sibling, { recursive: true, force: true });
  }
}
