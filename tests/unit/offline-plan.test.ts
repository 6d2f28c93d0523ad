import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  fileOfUrlPath,
  manifestOf,
  offlineRole,
  planOffline,
  savedOnDemand,
  urlPathOfFile,
  type SiteFile,
} from '../../src/lib/offline-plan.ts';
import { readSettings } from '../../src/settings.ts';

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const file = (path: string, size: number, hash = 'h'): SiteFile => ({ path, size, hash });

/** A small built site: the shell, pages, search files, and files that are never offline. */
const site = [
  file('_astro/Base.abc.css', 40_000),
  file('_astro/Base.abc.js', 5_000),
  file('_astro/fonts/a.woff2', 50_000),
  file('_astro/figure.def.png', 9_000),
  file('favicon.svg', 300),
  file('manifest.webmanifest', 800),
  file('icons/icon-192.png', 3_000),
  file('index.html', 39_000),
  file('search/index.html', 7_000),
  file('offline/index.html', 7_000),
  file('reading-offline/index.html', 8_000),
  file('notes/a/index.html', 200_000),
  file('notes/über/index.html', 150_000),
  file('figures/loss.png', 20_000),
  file('search-names.json', 48_000),
  file('pagefind/pagefind.js', 47_000),
  file('pagefind/pagefind-worker.js', 43_000),
  file('pagefind/wasm.en.pagefind', 60_000),
  file('pagefind/pagefind-entry.json', 200),
  file('pagefind/pagefind.en_1.pf_meta', 4_000),
  file('pagefind/index/en_1.pf_index', 30_000),
  file('pagefind/fragment/en_2.pf_fragment', 500),
  file('pagefind-2/index/en_3.pf_index', 30_000),
  file('pagefind/pagefind-ui.js', 126_000),
  file('pagefind/wasm.unknown.pagefind', 55_000),
  file('404.html', 7_000),
  file('sw.js', 24_000),
  file('downloads/dl-theory-notes-offline.zip', 4_000_000),
  file('feed.xml', 21_000),
  file('sitemap.xml', 45_000),
  file('robots.txt', 70),
  file('offline-manifest.json', 70_000),
];

describe('offlineRole', () => {
  it('puts the stylesheet, scripts, fonts, icons and four pages in the shell', () => {
    const shell = site.filter((f) => offlineRole(f.path) === 'shell').map((f) => f.path);
    expect(shell).toEqual([
      '_astro/Base.abc.css',
      '_astro/Base.abc.js',
      '_astro/fonts/a.woff2',
      'favicon.svg',
      'manifest.webmanifest',
      'icons/icon-192.png',
      'index.html',
      'search/index.html',
      'offline/index.html',
      'reading-offline/index.html',
    ]);
  });

  it('saves pages, figures and search files on demand; never the worker, the zip, feeds, unused Pagefind files', () => {
    const saved = site.filter((f) => offlineRole(f.path) === 'saved').map((f) => f.path);
    expect(saved).toEqual([
      '_astro/figure.def.png',
      'notes/a/index.html',
      'notes/über/index.html',
      'figures/loss.png',
      'search-names.json',
      'pagefind/pagefind.js',
      'pagefind/pagefind-worker.js',
      'pagefind/wasm.en.pagefind',
      'pagefind/pagefind-entry.json',
      'pagefind/pagefind.en_1.pf_meta',
      'pagefind/index/en_1.pf_index',
      'pagefind/fragment/en_2.pf_fragment',
      'pagefind-2/index/en_3.pf_index',
    ]);
    for (const never of [
      '404.html',
      'sw.js',
      'downloads/dl-theory-notes-offline.zip',
      'feed.xml',
      'robots.txt',
      'offline-manifest.json',
      'pagefind/pagefind-ui.js',
    ]) {
      expect(offlineRole(never), never).toBeUndefined();
    }
  });

  it('maps URL paths to files and back', () => {
    expect(fileOfUrlPath('notes/a/')).toBe('notes/a/index.html');
    expect(fileOfUrlPath('')).toBe('index.html');
    expect(fileOfUrlPath('pagefind/pagefind.js')).toBe('pagefind/pagefind.js');
    expect(urlPathOfFile('notes/a/index.html')).toBe('notes/a/');
    expect(urlPathOfFile('index.html')).toBe('');
  });
});

describe('planOffline', () => {
  const offlineBytes = site.filter((f) => offlineRole(f.path)).reduce((s, f) => s + f.size, 0);

  it('precaches only the shell above the threshold, and lists the rest for "Save the whole site"', () => {
    const plan = planOffline(site, offlineBytes - 1, digest);
    expect(plan.precacheAll).toBe(false);
    expect(plan.precache).toHaveLength(10);
    expect(plan.saved).toHaveLength(13);
    const manifest = manifestOf(plan, 'c');
    expect(manifest.total).toEqual({ files: 13, bytes: plan.saved.reduce((s, f) => s + f.size, 0), pages: 2 });
    expect(manifest.files.map(([path]) => path)).toContain('notes/über/');
  });

  it('lists the files to save most useful first: notes, then search, figures, papers, tags, then the rest', () => {
    const paths = [
      'authors/a/index.html',
      'tags/t/index.html',
      'notes/b/index.html',
      'pagefind/index/x.pf_index',
      'papers/p/index.html',
      'notes/a/index.html',
      'figures/f.svg',
      'glossary/index.html',
    ];
    const plan = planOffline(
      paths.map((path) => file(path, 10)),
      0,
      digest,
    );
    expect(manifestOf(plan, 'c').files.map(([path]) => path)).toEqual([
      'notes/a/',
      'notes/b/',
      'pagefind/index/x.pf_index',
      'figures/f.svg',
      'papers/p/',
      'tags/t/',
      'glossary/',
      'authors/a/',
    ]);
  });

  it('saves a heavy home page when opened instead of precaching it, so the shell stays small at any size', () => {
    const big = site.map((f) => (f.path === 'index.html' ? { ...f, size: 900_000 } : f));
    const plan = planOffline(big, 0, digest);
    expect(plan.precache.map((f) => f.path)).not.toContain('index.html');
    expect(plan.saved.map((f) => f.path)).toContain('index.html');
    expect(manifestOf(plan, 'c').files.map(([path]) => path)).toContain('');
    expect(savedOnDemand('index.html')).toBe(true);
    expect(savedOnDemand('_astro/Base.abc.css')).toBe(false);
    expect(savedOnDemand('notes/a/index.html')).toBe(true);
    expect(savedOnDemand('feed.xml')).toBe(false);
  });

  it('precaches the whole site at or under the threshold', () => {
    const plan = planOffline(site, offlineBytes, digest);
    expect(plan.precacheAll).toBe(true);
    expect(plan.precache).toHaveLength(23);
    expect(plan.saved).toEqual([]);
    expect(manifestOf(plan, 'c').total).toEqual({ files: 0, bytes: 0, pages: 0 });
  });

  it('changes the version when any offline file changes, and only then', () => {
    const version = planOffline(site, 0, digest).version;
    expect(planOffline([...site].reverse(), 0, digest).version).toBe(version);
    expect(
      planOffline(
        site.map((f) => (f.path === 'feed.xml' ? { ...f, hash: 'new' } : f)),
        0,
        digest,
      ).version,
    ).toBe(version);
    expect(
      planOffline(
        site.map((f) => (f.path === 'notes/a/index.html' ? { ...f, hash: 'new' } : f)),
        0,
        digest,
      ).version,
    ).not.toBe(version);
  });
});

describe('DLT_PRECACHE_ALL_MB', () => {
  it('defaults to 10 MB and takes decimals, and refuses anything else with what to write', () => {
    expect(readSettings({}).DLT_PRECACHE_ALL_MB).toBe(10);
    expect(readSettings({ DLT_PRECACHE_ALL_MB: '2.5' }).DLT_PRECACHE_ALL_MB).toBe(2.5);
    expect(readSettings({ DLT_PRECACHE_ALL_MB: '0' }).DLT_PRECACHE_ALL_MB).toBe(0);
    expect(() => readSettings({ DLT_PRECACHE_ALL_MB: 'ten' })).toThrow(
      /DLT_PRECACHE_ALL_MB must be a number of megabytes, like 10/,
    );
  });
});
