import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * Small built sites for the search step's tests: one note page per slug, and the files of the
 * search bundle Pagefind writes for them.
 */

/** A built note page: a title, a sentence, and a filter (odd or even length of the slug). */
export function notePage(slug: string, text: string): string {
  return (
    `<!doctype html><html lang="en"><head><title>${slug}</title></head><body>` +
    `<article data-pagefind-body><h1 data-pagefind-meta="title">${slug}</h1><p>${text}</p>` +
    `<span hidden data-pagefind-filter="tag:${slug.length % 2 ? 'odd' : 'even'}"></span></article></body></html>`
  );
}

/** Writes `<dir>/notes/<slug>/index.html` for each slug (its text from `over`, or a default); returns `dir`. */
export function noteSite(dir: string, slugs: readonly string[], over: Record<string, string> = {}): string {
  for (const slug of slugs) {
    mkdirSync(join(dir, 'notes', slug), { recursive: true });
    writeNote(dir, slug, over[slug] ?? `Words about ${slug} and kernels.`);
  }
  return dir;
}

function writeNote(dir: string, slug: string, text: string): void {
  writeFileSync(join(dir, 'notes', slug, 'index.html'), notePage(slug, text));
}

/** Every file of the site's first search bundle (`pagefind/`), path → bytes. */
export function bundleFiles(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(join(dir, 'pagefind'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name))] as const),
  );
}
