import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OfflineManifest } from '../../src/lib/offline-plan.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { serveSite, type SiteServer } from '../helpers/serve.ts';

/** Byte budgets for a note page before any interaction (gzip level 6, as servers typically use). */
/**
 * The median note page's overhead (everything but the note's own text and math: page furniture,
 * end matter, CSS and JS) is held to 20 KB gzipped; its total to 40 KB. The total was 30 KB while
 * the median note had 1,100 words; today's notes have about 1,900, and the text and math of a note
 * are what the reader came for. Bringing the total back under 30 KB is tracked in the
 * build-and-offline issue.
 */
// Overhead: everything on a note page but its body. 22 KB since December 2026 (was 20): the offline
// status and save scripts (1 KB), "Cite this note", the table-of-contents skip link, scroll-box fades
// and the cited-sentence highlight came in; the stylesheet is 9.3 KB of it, KaTeX's rules half of that.
// Total: 42 KB (was 40). The median note's HTML is 26 KB gzipped, 8.5 KB of it KaTeX's double output
// (HTML for display, MathML for screen readers); issue 13 asks for 30 KB in all, which needs one of them gone.
const BUDGET = { typicalOverheadGzip: 22 * 1024, typicalTotalGzip: 42 * 1024, jsGzip: 8 * 1024, stylesheets: 1 };

interface PageLoad {
  path: string;
  files: { url: string; type: string; raw: number; gzip: number }[];
}

const siteDir = inject('siteDir');
let site: SiteServer;
let browser: BrowserContext;
const loads: PageLoad[] = [];

beforeAll(async () => {
  site = await serveSite(siteDir);
  // A first visit: no service worker has installed yet, nothing is cached.
  browser = await launchBrowser({ serviceWorkers: 'block' });
  const page = await browser.newPage();
  // Every page is measured as a first visit would load it.
  const cdp = await browser.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const notes = (await readdir(join(siteDir, 'notes'))).sort();
  // Chromium loads a spread of about a dozen notes (what a first visit requests is the same shape on
  // every note: its HTML, the one stylesheet, the page script, the fonts); every other note is
  // measured from its file with the same stylesheet and scripts.
  const step = Math.max(1, Math.floor(notes.length / 12));
  const sample = new Set(notes.filter((_, i) => i % step === 0));
  let shared: PageLoad['files'] = [];
  for (const slug of notes) {
    const load: PageLoad = { path: `notes/${slug}/`, files: [] };
    if (!sample.has(slug)) {
      const html = await readFile(join(siteDir, load.path, 'index.html'));
      load.files.push(
        { url: site.url(load.path), type: 'document', raw: html.length, gzip: gzipSync(html).length },
        ...shared,
      );
      loads.push(load);
      continue;
    }
    const seen: { url: string; type: string }[] = [];
    const onRequest = (r: import('playwright-core').Request) => seen.push({ url: r.url(), type: r.resourceType() });
    page.on('request', onRequest);
    await page.goto(site.url(load.path), { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    page.off('request', onRequest);
    // Sizes come from the files themselves (what the server sends), gzipped here.
    for (const { url, type } of seen) {
      if (!url.startsWith(site.origin)) {
        load.files.push({ url, type, raw: 0, gzip: 0 });
        continue;
      }
      let path = decodeURI(new URL(url).pathname).slice(1);
      if (path === '' || path.endsWith('/')) path += 'index.html';
      const body = await readFile(join(siteDir, path));
      load.files.push({ url, type, raw: body.length, gzip: gzipSync(body).length });
    }
    shared = load.files.filter((f) => f.type === 'stylesheet' || f.type === 'script');
    loads.push(load);
  }
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const sum = (files: PageLoad['files'], types: string[]) =>
  files.filter((f) => types.includes(f.type)).reduce((s, f) => s + f.gzip, 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

describe('note page budgets (before any interaction)', () => {
  it('keeps a typical note (the median) within 22 KB of overhead and 42 KB in all, gzipped HTML, CSS and JS', async () => {
    const measured = await Promise.all(
      loads.map(async (l) => {
        const html = await readFile(join(siteDir, l.path, 'index.html'), 'utf8');
        // The page without the note's own body: what every note costs, whatever it says.
        const bare = html.replace(/(<div class="note-body">)[\s\S]*?(<div class="note-end")/, '$1</div>$2');
        return {
          path: l.path,
          total: sum(l.files, ['document', 'stylesheet', 'script']),
          overhead: gzipSync(bare).length + sum(l.files, ['stylesheet', 'script']),
        };
      }),
    );
    const median = (key: 'total' | 'overhead') =>
      [...measured].sort((a, b) => a[key] - b[key])[Math.floor(measured.length / 2)];
    const total = median('total');
    const overhead = median('overhead');
    const biggest = [...measured].sort((a, b) => a.total - b.total)[measured.length - 1];
    console.log(
      `Note pages: median ${total.path} ${kb(total.total)} in all, median overhead ${kb(overhead.overhead)}; biggest ${biggest.path} ${kb(biggest.total)} (HTML+CSS+JS, gzip).`,
    );
    expect(overhead.overhead, `the median overhead (${overhead.path}) is ${kb(overhead.overhead)}`).toBeLessThanOrEqual(
      BUDGET.typicalOverheadGzip,
    );
    expect(total.total, `the median note page ${total.path} weighs ${kb(total.total)}`).toBeLessThanOrEqual(
      BUDGET.typicalTotalGzip,
    );
  });

  it('loads at most 8 KB of gzipped JavaScript, exactly one stylesheet, and only same-origin woff2 fonts on every note', () => {
    const problems: string[] = [];
    for (const l of loads) {
      const js = l.files.filter((f) => f.type === 'script');
      const jsTotal = sum(js, ['script']);
      if (jsTotal > BUDGET.jsGzip)
        problems.push(`${l.path}: ${kb(jsTotal)} of JS (${js.map((f) => `${f.url} ${kb(f.gzip)}`).join(', ')})`);
      const css = l.files.filter((f) => f.type === 'stylesheet');
      if (css.length !== BUDGET.stylesheets)
        problems.push(`${l.path}: ${css.length} stylesheets (${css.map((f) => f.url).join(', ')})`);
      for (const f of l.files.filter((f) => f.type === 'font')) {
        if (!f.url.endsWith('.woff2')) problems.push(`${l.path}: font ${f.url} is not woff2`);
        if (!f.url.startsWith(site.origin)) problems.push(`${l.path}: font ${f.url} comes from another origin`);
      }
      for (const f of l.files)
        if (!f.url.startsWith(site.origin)) problems.push(`${l.path}: ${f.url} comes from another origin`);
    }
    expect(problems).toEqual([]);
  });

  it('loads the search UI and the preview code only when first used', () => {
    for (const l of loads) {
      const urls = l.files.map((f) => f.url);
      expect(
        urls.filter((u) => /pagefind|previews/.test(u)),
        l.path,
      ).toEqual([]);
    }
  });
});

describe('offline', () => {
  /** What a first visit's service worker precaches: the shell (issue 13: "the page plus about 1 MB"). */
  const PRECACHE_BUDGET = 1.2 * 1024 * 1024;

  it('precaches at most 1.2 MB on the first visit, only the shell pages; the rest is listed for saving', async () => {
    const sw = await readFile(join(siteDir, 'sw.js'), 'utf8');
    const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => decodeURI(m[1]));
    let bytes = 0;
    for (const u of urls) bytes += (await stat(join(siteDir, u.replace(/^\//, '')))).size;
    const manifest = JSON.parse(await readFile(join(siteDir, 'offline-manifest.json'), 'utf8')) as OfflineManifest;
    let biggest = { path: '', size: 0 };
    for (const [path, size] of manifest.files) if (path.endsWith('/') && size > biggest.size) biggest = { path, size };
    console.log(
      `First-visit precache: ${urls.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MB. ` +
        `Save the whole site: ${manifest.total.files} more files, ` +
        `${(manifest.total.bytes / 1024 / 1024).toFixed(2)} MB ` +
        `(${manifest.total.pages} pages). Biggest page: ${biggest.path} (${kb(biggest.size)} raw).`,
    );
    expect(bytes).toBeLessThanOrEqual(PRECACHE_BUDGET);
    expect(manifest.precacheAll).toBe(false);
    const shellPages = ['/index.html', '/offline/index.html', '/reading-offline/index.html', '/search/index.html'];
    expect(urls.filter((u) => u.endsWith('.html')).sort()).toEqual(shellPages);
    expect(urls.filter((u) => u.includes('pagefind'))).toEqual([]);
    expect(urls.some((u) => u.endsWith('.woff')) || urls.some((u) => u.endsWith('.ttf'))).toBe(false);
    // Every page but the shell's and the 404 page can be saved.
    const pages = (await readdir(siteDir, { recursive: true })).map(String).filter((f) => f.endsWith('.html'));
    expect(manifest.total.pages).toBe(pages.length - 5);
  });
});
