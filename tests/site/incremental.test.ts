import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build.ts';

const root = resolve(import.meta.dirname, '../..');

/** Every file of a built site, path → contents. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)));
  }
  return out;
}

/** How many pages Astro copied from the previous build instead of rendering them. */
const reusedPages = (log: string) => (log.match(/\((?:restored|cached)\)/g) ?? []).length;

/*
 * The site's pages fill two search bundles: the one the edit does not touch comes from the bundle
 * cache. In one bundle (a site of up to 1,350 pages), the search step adds the last build's pages
 * while Astro works and adds again only the edited ones (preloadBundle).
 */
describe.each([
  ['in two search bundles', undefined],
  ['in one search bundle, preloaded with the last build', '5000'],
])('an incremental build after editing one note, %s', (_, batch) => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-incremental-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('copies the pages the edit cannot change and publishes exactly what a full build does', () => {
    cpSync(join(root, 'content'), join(work, 'content'), { recursive: true });
    const cache = join(work, 'astro-cache');
    // The first two builds share the render and file:// copy caches (under node_modules/.cache, keyed
    // by the content folder); the reference build starts from empty ones.
    const build = (dist: string, astroCache: string, cacheDir?: string) =>
      buildSite({
        DLT_CONTENT_ROOT: work,
        DLT_DIST: join(work, dist),
        DLT_ASTRO_CACHE_DIR: astroCache,
        DLT_QUIET: '',
        ...(cacheDir ? { DLT_CACHE_DIR: cacheDir } : {}),
        ...(batch ? { DLT_PAGEFIND_BATCH: batch } : {}),
      });

    const first = build('first', cache);
    expect(first.ok, first.log).toBe(true);

    // Reword a sentence that links to another note and cites a paper: the note, the linked note's
    // "Linked from" quote and the paper's "Cited in" quote change; titles, links and numbers do not.
    const notes = join(work, 'content/notes');
    const edited = readdirSync(notes)
      .map((name) => ({ name, text: readFileSync(join(notes, name), 'utf8') }))
      .map((n) => ({
        ...n,
        line: n.text.split('\n').find((l) => /\[\[[^\]]+\]\]/.test(l) && /\[@\w+/.test(l) && !l.startsWith(':::')),
      }))
      .find((n) => n.line !== undefined);
    expect(edited, 'a note with a line that both links and cites').toBeDefined();
    const { name, text, line } = edited as { name: string; text: string; line: string };
    writeFileSync(join(notes, name), text.replace(line, line.replace('[[', 'indeed [[')));

    const second = build('second', cache);
    expect(second.ok, second.log).toBe(true);
    const full = build('full', join(work, 'astro-cache-cold'), join(work, 'render-cache-cold'));
    expect(full.ok, full.log).toBe(true);

    const pages = (second.log.match(/\.html/g) ?? []).length;
    expect(reusedPages(first.log)).toBe(0);
    // Nearly every page is copied; the edited note, the pages quoting it and the unkeyed pages are not.
    expect(reusedPages(second.log)).toBeGreaterThan(pages * 0.8);
    expect(reusedPages(full.log)).toBe(0);

    const incremental = files(join(work, 'second'));
    const reference = files(join(work, 'full'));
    // Every file, the search index included: the bundles the edit did not touch come from the
    // bundle cache, the others are indexed again, and Pagefind writes the same index for the same pages.
    expect(second.log).toMatch(
      batch
        ? /search index of \d+ pages \([1-9]\d? indexed again, the others kept from the last build\);/
        : /search index of \d+ pages in (\d+) bundles \((?!\1\))\d+ unchanged since the last build\)/,
    );
    expect([...incremental.keys()].sort()).toEqual([...reference.keys()].sort());
    const differing = [...reference].filter(([path, data]) => !incremental.get(path)?.equals(data));
    expect(differing.map(([path]) => path)).toEqual([]);
    // The file:// copy: unchanged pages come from the copy cache, and match a copy made from scratch.
    expect(second.log).toMatch(/offline copy in .*, \d+ files unchanged since the last build,/);
    const copyOf = (m: Map<string, Buffer>) => [...m].filter(([path]) => path !== '.dlt-build.json');
    const offlineIncremental = files(join(work, 'second-offline'));
    const offlineReference = copyOf(files(join(work, 'full-offline')));
    expect(offlineReference.length).toBeGreaterThan([...reference.keys()].filter((p) => p.endsWith('.html')).length);
    expect(
      offlineReference.filter(([path, data]) => !offlineIncremental.get(path)?.equals(data)).map(([path]) => path),
    ).toEqual([]);
    const slug = name.replace(/\.md$/, '');
    expect(incremental.get(`notes/${slug}/index.html`)?.toString()).toContain('indeed');
  }, 300_000);
});
