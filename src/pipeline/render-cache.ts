import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RenderOutput } from './render-note.ts';

/** What is remembered about one note's render, besides its HTML (which lives in its own file). */
export interface CachedRender {
  sourceHash: string;
  fingerprint: string;
  output: Omit<RenderOutput, 'html'>;
}

/**
 * Rendered notes on disk: `<dir>/<slug>.html` and `<dir>/<slug>.json`. Pages read a note's HTML
 * from its file when they render, so a build never holds every note's HTML in memory at once, and
 * the next build (or `check:content`) reuses every render whose inputs did not change.
 */
export class RenderCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  htmlPath(slug: string): string {
    return join(this.dir, `${slug}.html`);
  }

  async read(slug: string): Promise<CachedRender | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${slug}.json`), 'utf8')) as CachedRender;
    } catch {
      return undefined;
    }
  }

  async write(slug: string, entry: CachedRender, html: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.htmlPath(slug), html);
    await writeFile(join(this.dir, `${slug}.json`), JSON.stringify(entry));
  }
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
    if (info?.isDirectory() && now.getTime() - info.mtimeMs > STALE_MS) await rm(sibling, { recursive: true, force: true });
  }
}
