import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as pagefind from 'pagefind';
import { assignBundles, indexSite, SEARCH_EXCLUDE } from '../../src/cli/pagefind-index.ts';

describe('assignBundles', () => {
  const files = Array.from({ length: 950 }, (_, i) => `notes/n${String(i).padStart(3, '0')}/index.html`);

  it('splits the pages in path order into bundles of at most the asked size', () => {
    const bundles = assignBundles([...files].reverse(), 200);
    expect(bundles.map((b) => b.length)).toEqual([200, 200, 200, 200, 150]);
    expect(bundles.flat()).toEqual(files);
  });

  it('is one bundle for a small site', () => {
    expect(assignBundles(files.slice(0, 10), 200)).toEqual([files.slice(0, 10)]);
  });

  it('also closes a bundle before the page that would take its HTML past the byte limit', () => {
    // Heavy note pages (400 KB) among light ones (10 KB): the heavy ones fill bundles by bytes first.
    const size = (file: string) => (Number(/n(\d+)/.exec(file)![1]) < 500 ? 400_000 : 10_000);
    const bundles = assignBundles(files, 200, size, 40_000_000);
    expect(bundles.map((b) => b.length)).toEqual([100, 100, 100, 100, 100, 200, 200, 50]);
    expect(bundles.flat()).toEqual(files);
    for (const b of bundles) expect(b.reduce((sum, f) => sum + size(f), 0)).toBeLessThanOrEqual(40_000_000);
    // A page larger than the limit still gets a bundle, of its own.
    expect(assignBundles(files.slice(0, 3), 200, () => 50, 10)).toEqual(files.slice(0, 3).map((f) => [f]));
  });
});

describe('indexSite with a bundle cache', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-bundles-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const cacheDir = join(work, 'cache');
  const page = (title: string, text: string, quote: string) =>
    `<!doctype html><html lang="en"><head><title>${title}</title></head><body>` +
    `<article data-pagefind-body><h1 data-pagefind-meta="title">${title}</h1><p>${text}</p>` +
    `<div class="note-end" data-pagefind-ignore><h2 id="links">Linked from</h2><p>${quote}</p></div>` +
    `<h2 id="after">After the quotes</h2><p>More words.</p></article></body></html>`;
  const site = (name: string, pages: Record<string, string>) => {
    const dir = join(work, name);
    for (const [slug, html] of Object.entries(pages)) {
      mkdirSync(join(dir, 'notes', slug), { recursive: true });
      writeFileSync(join(dir, 'notes', slug, 'index.html'), html);
    }
    return dir;
  };
  /** The cache holds one folder per bundle, a memo of each page's hashes and the pages' search inputs. */
  const cachedBundles = () => readdirSync(cacheDir).filter((name) => name !== 'pages.json' && name !== 'input');
  const slugs = Array.from({ length: 12 }, (_, i) => `note-${i}`);
  const pages = (over: Record<string, string> = {}) =>
    Object.fromEntries(slugs.map((s) => [s, over[s] ?? page(s, `Words about ${s}.`, 'a quote')]));
  /** Every file of the site's search bundles, path → bytes. */
  const bundleFiles = (dir: string) =>
    new Map(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && relative(dir, e.parentPath).startsWith('pagefind'))
        .map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name))] as const),
    );
  const bundleOf = (slug: string) =>
    assignBundles(
      slugs.map((s) => `notes/${s}/index.html`),
      4,
    ).findIndex((b) => b.includes(`notes/${slug}/index.html`));

  it('reuses every bundle when nothing search reads changed, and re-indexes only the bundle of an edited page', async () => {
    const first = await indexSite(site('first', pages()), { cacheDir, perBundle: 4 });
    expect(first).toEqual({ pages: 12, bundles: 3, reused: 0 });
    expect(cachedBundles()).toHaveLength(3);

    // Only a quote changed (search ignores it): every bundle comes from the cache, byte for byte.
    const quotedPage = page('note-3', 'Words about note-3.', 'a longer quote, with <a href="/x/">a link</a>');
    const quoted = site('quoted', pages({ 'note-3': quotedPage }));
    expect(await indexSite(quoted, { cacheDir, perBundle: 4 })).toEqual({ pages: 12, bundles: 3, reused: 3 });
    expect(bundleFiles(quoted)).toEqual(bundleFiles(join(work, 'first')));
    // …which is what Pagefind writes for that site from scratch: the quote is not in the index, and
    // the words after it keep their positions.
    const quotedFresh = site('quoted-fresh', pages({ 'note-3': quotedPage }));
    await indexSite(quotedFresh, { perBundle: 4 });
    expect(bundleFiles(quotedFresh)).toEqual(bundleFiles(join(work, 'first')));

    // The text of one page changed: its bundle is indexed again, and matches an index made from scratch.
    const edited = pages({ 'note-5': page('note-5', 'Words about note-5 and zebras.', 'a quote') });
    const incremental = site('edited', edited);
    expect(await indexSite(incremental, { cacheDir, perBundle: 4 })).toEqual({ pages: 12, bundles: 3, reused: 2 });
    const fresh = site('fresh', edited);
    await indexSite(fresh, { perBundle: 4 });
    expect(bundleFiles(incremental)).toEqual(bundleFiles(fresh));
    const changed = bundleOf('note-5') === 0 ? 'pagefind/' : `pagefind-${bundleOf('note-5')}/`;
    const differs = [...bundleFiles(fresh)]
      .filter(([path, data]) => !bundleFiles(join(work, 'first')).get(path)?.equals(data))
      .map(([path]) => path);
    expect(differs.length).toBeGreaterThan(0);
    expect(differs.filter((p) => !p.startsWith(changed) && p !== 'pagefind/bundles.json')).toEqual([]);
    // Only this build's bundles stay in the cache.
    expect(cachedBundles()).toHaveLength(3);
  }, 60_000);

  it('hands Pagefind only what it reads of a page, and Pagefind writes the same index as from the whole page', async () => {
    // What a built note carries that search never reads: KaTeX markup, an inline SVG, ignored quotes,
    // an ignored region that still holds a filter and meta (those Pagefind does read), a table of contents.
    const full = (slug: string) =>
      `<!doctype html><html lang="en"><head><title>${slug}</title><meta name="description" content="d"></head><body>` +
      `<nav class="breadcrumbs" data-pagefind-ignore><a href="/">Home</a></nav>` +
      `<article data-pagefind-body><h1 data-pagefind-meta="title">${slug}</h1>` +
      `<div class="meta" data-pagefind-ignore data-pagefind-meta="math:alpha sum"><span>3 min read</span></div>` +
      `<div data-pagefind-ignore><span hidden data-pagefind-filter="tag:Kernels"></span><p>filtered</p></div>` +
      `<div data-pagefind-ignore><nav class="toc"><ol><li><a href="#a">Section A</a></li></ol></nav></div>` +
      `<h2 id="a">Section A</h2><p>Gradient flow of <span class="katex"><span class="katex-mathml"><math><mi>α</mi></math></span>` +
      `<span class="katex-html" aria-hidden="true"><span class="mord">α</span></span></span>` +
      `<span class="math-words" aria-hidden="true"> alpha</span> in ${slug}.</p>` +
      `<figure><svg viewBox="0 0 1 1"><text>axis label</text></svg><figcaption>A caption</figcaption></figure>` +
      `<div class="note-end" data-pagefind-ignore><h2 id="linked-from">Linked from</h2><p>a quote</p></div>` +
      `<h2 id="b">After the end matter</h2><p>Closing words.</p></article></body></html>`;
    const pagesOf = Object.fromEntries(['kernels', 'margins', 'norms'].map((s) => [s, full(s)]));
    const dir = site('search-input', pagesOf);
    await indexSite(dir);
    // Pagefind on the whole pages, as its own command line would index them.
    const reference = join(work, 'search-input-reference');
    const { index } = await pagefind.createIndex({ excludeSelectors: SEARCH_EXCLUDE, forceLanguage: 'en' });
    for (const [slug, html] of Object.entries(pagesOf))
      await index!.addHTMLFile({ sourcePath: `notes/${slug}/index.html`, content: html });
    await index!.writeFiles({ outputPath: join(reference, 'pagefind') });
    await pagefind.close();
    const ours = bundleFiles(dir);
    ours.delete('pagefind/bundles.json');
    expect(ours).toEqual(bundleFiles(reference));
    expect(ours.size).toBeGreaterThan(5);
  }, 60_000);

  it('splits a site by the bytes of its pages when they reach the limit first', async () => {
    // Three pages of about 1 KB fill a bundle of 3.5 KB: 12 pages in 4 bundles, not 1 of 12.
    const heavy = site('heavy', pages(Object.fromEntries(slugs.map((s) => [s, page(s, `${s} `.repeat(120), 'q')]))));
    const size = readFileSync(join(heavy, 'notes/note-0/index.html')).length;
    expect(size).toBeGreaterThan(1000);
    expect(await indexSite(heavy, { perBundle: 100, maxBytes: 3.5 * size })).toEqual({
      pages: 12,
      bundles: 4,
      reused: 0,
    });
    expect(JSON.parse(readFileSync(join(heavy, 'pagefind/bundles.json'), 'utf8')).merge).toHaveLength(3);
  }, 60_000);

  it('builds the index, and says so, when its cache cannot be written', async () => {
    const blocked = join(work, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const dir = site('uncached', pages());
      expect(await indexSite(dir, { cacheDir: blocked, perBundle: 4 })).toEqual({ pages: 12, bundles: 3, reused: 0 });
      const reference = site('uncached-reference', pages());
      await indexSite(reference, { perBundle: 4 });
      expect(bundleFiles(dir)).toEqual(bundleFiles(reference));
      expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(
        expect.stringMatching(/search index cache in .*not-a-folder could not be written .*next build indexes/),
      );
    } finally {
      warn.mockRestore();
    }
  }, 60_000);
});
