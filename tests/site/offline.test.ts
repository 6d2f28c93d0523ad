import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OfflineManifest } from '../../src/lib/offline-plan.ts';
import { closeSite, launchBrowser, openSite } from '../helpers/browser.ts';
import { buildSaveModeSite, buildSite } from '../helpers/build.ts';
import { corpus, removeCorpora } from '../helpers/corpus.ts';
import { serveSite, type ServedRequest, type SiteServer } from '../helpers/serve.ts';

const MB = 1024 * 1024;
/** The first visit's budget beyond the page itself (issue 13: "the page plus about 1 MB"). */
const FIRST_VISIT_EXTRA = 1.2 * MB;

async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((r) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => r(), { once: true }),
      );
    }
    return reg.active?.state;
  });
}

const readManifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'offline-manifest.json'), 'utf8')) as OfflineManifest;
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const footer = (page: Page) => page.locator('[data-offline-status]');

/** Resolves once the server has answered everything and nothing new arrived for `quietMs`. */
async function serverIdle(site: SiteServer, quietMs = 1000): Promise<void> {
  for (let seen = -1; ;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const done = site.requests.every((r) => r.status !== 0);
    if (done && site.requests.length === seen) return;
    seen = site.requests.length;
  }
}

const sum = (requests: ServedRequest[]) => requests.reduce((s, r) => s + r.bytes, 0);
/** Requests of "Save the whole site" for files (not for the list of files). */
const savedFiles = (site: SiteServer) =>
  site.requests.filter((r) => r.saving && !r.path.endsWith('offline-manifest.json'));

/** Opens a page and checks it is the page itself, with its fonts (and, for notes, its math). */
async function expectReadable(page: Page, url: string, path: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.ok(), path).toBe(true);
  expect(await page.getByRole('heading', { level: 1 }).count(), path).toBe(1);
  expect(await page.getByRole('heading', { level: 1 }).textContent(), path).not.toBe('You are offline');
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => document.fonts.check('16px "Source Serif 4"')), `${path} text font`).toBe(true);
  if (path.startsWith('notes/')) {
    expect(await page.locator('.katex').count(), path).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), `${path} math font`).toBe(true);
  }
}

async function expectOfflinePage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  expect(await page.getByRole('heading', { level: 1 }).textContent(), url).toBe('You are offline');
}

/** Script errors of a page, collected for the end of a test. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('a first visit, and reading without saving the site', () => {
  const siteDir = inject('siteDir');
  let site: SiteServer;
  let browser: BrowserContext;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    ({ site, browser, page } = await openSite(siteDir));
    errors = collectErrors(page);
  });
  afterAll(() => closeSite({ site, browser }));

  it('costs the page plus at most 1.2 MB: the shell, never the other pages or the search index', async () => {
    const path = 'notes/neural-mechanics/';
    // The page alone: what a browser without a service worker fetches for it.
    const bare = await openSite(siteDir, { serviceWorkers: 'block' });
    try {
      await bare.page.goto(bare.site.url(path), { waitUntil: 'load' });
      await bare.page.evaluate(() => document.fonts.ready);
      await serverIdle(bare.site);
    } finally {
      await closeSite(bare);
    }
    const pageBytes = sum(bare.site.requests);

    await page.goto(site.url(path));
    await waitForServiceWorker(page);
    await footer(page).filter({ hasText: 'Pages you open are kept offline' }).waitFor({ timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
    await serverIdle(site);
    const total = sum(site.requests);
    console.log(
      `First visit to ${path}: the page ${megabytes(pageBytes)}, with the worker ${megabytes(total)} ` +
        `(+${megabytes(total - pageBytes)}), ${site.requests.length} requests.`,
    );
    expect(total - pageBytes).toBeLessThanOrEqual(FIRST_VISIT_EXTRA);
    const pages = new Set(
      site.requests.filter((r) => r.path.endsWith('/') || r.path.endsWith('.html')).map((r) => r.path),
    );
    expect([...pages].sort()).toEqual([
      '/index.html',
      '/notes/neural-mechanics/',
      '/offline/index.html',
      '/reading-offline/index.html',
      '/search/index.html',
    ]);
    expect(
      site.requests.filter((r) => /pagefind|offline-manifest|search-names/.test(r.path)).map((r) => r.path),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps the pages a reader opens, and only those; search offline says it needs the saved site', async () => {
    // The page of the first visit loaded before the worker existed; the worker saved it as it started.
    await expectReadable(page, site.url('notes/robust-optimization/'), 'notes/robust-optimization/');
    await browser.setOffline(true);
    for (const path of ['notes/neural-mechanics/', 'notes/robust-optimization/'])
      await expectReadable(page, site.url(path), path);
    expect(await footer(page).textContent()).toBe('Pages you open are kept offline');
    await expectOfflinePage(page, site.url('notes/bagging-and-boosting/'));
    expect(
      await page.getByRole('main').getByRole('link', { name: 'save the whole site for offline' }).getAttribute('href'),
    ).toBe('/reading-offline/');
    // An address typed without its trailing slash opens the saved page, as the server's redirect would.
    await page.goto(site.url('notes/robust-optimization'));
    expect(page.url()).toBe(site.url('notes/robust-optimization/'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toBe('You are offline');
    // Search was never used online, so neither its script nor its index is saved.
    await page.goto(site.url('search/?q=boosting'));
    const note = page
      .getByRole('status')
      .filter({ hasText: 'Search needs the saved site — Save the whole site for offline' });
    await note.waitFor({ timeout: 10_000 });
    expect(await note.getByRole('link').getAttribute('href')).toBe('/reading-offline/');
    // The search shortcut on a saved page leads to the same explanation.
    await page.goto(site.url('notes/robust-optimization/'));
    await page.keyboard.press('/');
    await page.waitForURL(site.url('search/'));
    await note.waitFor({ timeout: 10_000 });
    // Saving needs the network, and says so instead of failing silently.
    await page.goto(site.url('reading-offline/'));
    await page.getByRole('status').filter({ hasText: '2 pages saved for offline.' }).waitFor();
    await page.getByRole('button', { name: /^Save the whole site for offline/ }).click();
    const failed = 'Saving did not start. The list of files to save could not be loaded: the network failed.';
    await page.getByRole('status').filter({ hasText: failed }).waitFor();
    await browser.setOffline(false);
    expect(errors).toEqual([]);
  });

  it('saves what a search fetched online, and offline says so when a search needs more', async () => {
    await page.goto(site.url('search/?q=boosting'));
    await page
      .locator('pagefind-results a')
      .filter({ hasText: 'Bagging and boosting' })
      .first()
      .waitFor({ timeout: 15_000 });
    await browser.setOffline(true);
    await page.goto(site.url('search/?q=boosting'));
    await page
      .locator('pagefind-results a')
      .filter({ hasText: 'Bagging and boosting' })
      .first()
      .waitFor({ timeout: 15_000 });
    // Offline with part of the index: what was searched is found, and the page says results may be missing.
    await page.getByRole('status').filter({ hasText: 'Search needs the saved site' }).waitFor({ timeout: 10_000 });
    await browser.setOffline(false);
    expect(errors).toEqual([]);
  });
});

describe('saving the whole site', () => {
  const siteDir = inject('siteDir');
  const manifest = readManifest(siteDir);
  const size = megabytes(manifest.total.bytes);
  const files = manifest.total.files.toLocaleString('en');

  it('shows a progress bar while it saves every file once, then every page and search work offline', async () => {
    const { site, browser, page } = await openSite(siteDir);
    const errors = collectErrors(page);
    try {
      await page.goto(site.url('reading-offline/'));
      const start = page.getByRole('button', { name: `Save the whole site for offline (${size})` });
      await start.click();
      const bar = page.getByRole('progressbar', { name: 'Saving for offline' });
      await bar.waitFor();
      // The bar advances: a value part-way, then a larger one.
      const value = () => bar.evaluate((el: HTMLProgressElement) => [el.value, el.max]);
      await page.waitForFunction(() => {
        const el = document.querySelector('progress');
        return !!el && el.value > 0 && el.value < el.max;
      });
      const [first, max] = await value();
      expect(max).toBe(manifest.total.bytes);
      const counts = await page.locator('[data-save-counts]').textContent();
      expect(counts).toMatch(new RegExp(`^[\\d,]+ of ${files} files, [\\d.]+ of ${size.replace('.', '\\.')}$`));
      await page.waitForFunction((v) => (document.querySelector('progress')?.value ?? 0) > v, first);
      await page
        .getByRole('status')
        .filter({ hasText: `Whole site saved — ${size}` })
        .waitFor({ timeout: 180_000 });
      expect(await bar.isVisible()).toBe(false);
      await footer(page).filter({ hasText: 'Whole site saved offline' }).waitFor();
      // Every file of the manifest was fetched by the save, once.
      const saved = savedFiles(site).map((r) => r.path);
      expect(saved.length).toBe(manifest.files.length);
      expect(new Set(saved)).toEqual(new Set(manifest.files.map(([path]) => `/${path}`)));

      await browser.setOffline(true);
      for (const path of [
        'notes/neural-mechanics/',
        'notes/robust-optimization/',
        'notes/bagging-and-boosting/',
        'papers/karimi2016linear/',
        'tags/verification/',
      ]) {
        await expectReadable(page, site.url(path), path);
      }
      await page.goto(site.url('search/?q=boosting'));
      await page
        .locator('pagefind-results a')
        .filter({ hasText: 'Bagging and boosting' })
        .first()
        .waitFor({ timeout: 15_000 });
      expect(await page.locator('.search-note').count()).toBe(0);
      // A result, with its statement, opens offline by its label.
      await page.goto(site.url('notes/saddles-and-pl-condition/#pl-linear-rate'));
      expect(
        await page.locator('section#pl-linear-rate[data-result-kind="theorem"] .result-body .katex').count(),
      ).toBeGreaterThan(3);
      await page.goto(site.url('notes/neural-mechanics'));
      expect(page.url()).toBe(site.url('notes/neural-mechanics/'));
      await expectOfflinePage(page, site.url('notes/not-saved-anywhere/'));
      expect(await page.getByRole('link', { name: 'list of notes' }).getAttribute('href')).toBe('/');
      expect(errors).toEqual([]);
    } finally {
      await closeSite({ site, browser });
    }
  }, 240_000);

  it('runs in one tab at a time: a second tab waits, can cancel the wait, and finds the site saved', async () => {
    // The small corpus, in save mode: what is tested is the lock between tabs, not the size of the site.
    const dist = join(mkdtempSync(join(tmpdir(), 'dlt-tabs-')), 'dist');
    const built = buildSaveModeSite(await corpus(), dist);
    expect(built.ok, built.log).toBe(true);
    const small = readManifest(dist);
    const smallSize = megabytes(small.total.bytes);
    // The first three saved files are answered, the rest held until the second tab is waiting: the
    // first tab is then saving, whatever the speed of the machine.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let answered = 0;
    const site = await serveSite(dist, { delayMs: (r) => (r.saving && ++answered > 3 ? gate : 0) });
    const browser = await launchBrowser();
    const page = browser.pages()[0] ?? (await browser.newPage());
    const other = await browser.newPage();
    const errors = [collectErrors(page), collectErrors(other)];
    const start = (p: Page) => p.getByRole('button', { name: `Save the whole site for offline (${smallSize})` });
    const saving = () => page.getByRole('progressbar', { name: 'Saving for offline' }).isVisible();
    try {
      await page.goto(site.url('reading-offline/'));
      await start(page).click();
      await page.waitForFunction(() => (document.querySelector('progress')?.value ?? 0) > 0);
      await other.goto(site.url('reading-offline/'));
      await start(other).click();
      const waiting = other.getByRole('status').filter({ hasText: 'Another tab is saving the site' });
      await waiting.waitFor();
      // Cancel ends the wait at once, not when the first tab is done.
      await other.getByRole('button', { name: 'Cancel' }).click();
      await other.getByRole('status').filter({ hasText: 'Saving did not start. Saving was cancelled.' }).waitFor();
      expect(await saving()).toBe(true);
      await start(other).click();
      await waiting.waitFor();
      release();
      for (const p of [page, other])
        await p
          .getByRole('status')
          .filter({ hasText: `Whole site saved — ${smallSize}` })
          .waitFor({ timeout: 60_000 });
      await footer(other).filter({ hasText: 'Whole site saved offline' }).waitFor();
      // Every file was fetched once, by the first tab.
      const saved = savedFiles(site).map((r) => r.path);
      expect(saved.length).toBe(small.files.length);
      expect(new Set(saved).size).toBe(small.files.length);
      expect(errors.flat()).toEqual([]);
    } finally {
      release();
      await browser.close();
      await site.close();
      rmSync(join(dist, '..'), { recursive: true, force: true });
      await removeCorpora();
    }
  }, 180_000);

  it('can be cancelled: nothing more is fetched, what was saved stays saved and is said', async () => {
    // 30 ms per saved file, so the save is still running when Cancel is pressed.
    const site = await serveSite(siteDir, { delayMs: (r) => (r.saving ? 30 : 0) });
    const browser = await launchBrowser();
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors = collectErrors(page);
    try {
      await page.goto(site.url('reading-offline/'));
      await page.getByRole('button', { name: `Save the whole site for offline (${size})` }).click();
      await page.waitForFunction(
        () =>
          Number.parseInt((document.querySelector('[data-save-counts]')?.textContent ?? '0').replace(/,/g, ''), 10) >=
          30,
      );
      await page.getByRole('button', { name: 'Cancel' }).click();
      const stopped = page.getByRole('status').filter({ hasText: /^Saving stopped: / });
      await stopped.waitFor();
      expect(await stopped.textContent()).toMatch(
        new RegExp(
          `^Saving stopped: [\\d,]+ of ${files} files saved \\([\\d.]+ MB of ${size.replace('.', '\\.')}\\)\\. ` +
            'Save again to fetch the rest\\.$',
        ),
      );
      // Requests the browser had already dispatched when Cancel was pressed can still reach the server
      // just after the page says it stopped (seen once in CI, five of them, on two busy cores). What must
      // hold is that the fetching stops: the count settles, stays put, and is short of the whole site
      // (a save that went on would settle only once every file was fetched).
      let after = savedFiles(site).length;
      for (let seen = -1; seen !== after; after = savedFiles(site).length) {
        seen = after;
        await page.waitForTimeout(300);
      }
      await page.waitForTimeout(1500);
      expect(savedFiles(site).length).toBe(after);
      expect(after).toBeLessThan(manifest.files.length);
      expect(await page.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(false);
      // Back later: the partial save is reported, nothing resumes by itself, and a saved page opens offline.
      await page.reload();
      await page
        .getByRole('status')
        .filter({ hasText: new RegExp(`pages? saved for offline \\([\\d.]+ MB of ${size.replace('.', '\\.')}\\)`) })
        .waitFor();
      await footer(page).filter({ hasText: 'Pages you open are kept offline' }).waitFor();
      await page.waitForTimeout(1500);
      expect(savedFiles(site).length).toBe(after);
      // Notes are saved first, so a save cancelled early already has some.
      const savedPage = site.requests.find((r) => r.saving && r.status === 200 && r.path.startsWith('/notes/'));
      expect(savedPage, 'a note page saved before Cancel').toBeDefined();
      await browser.setOffline(true);
      await expectReadable(page, site.url(savedPage!.path), savedPage!.path.slice(1));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await site.close();
    }
  });
});

describe('a site under DLT_PRECACHE_ALL_MB', () => {
  afterAll(removeCorpora);

  it('is saved whole on the first visit, search included, with nothing left to save', async () => {
    const dist = join(mkdtempSync(join(tmpdir(), 'dlt-small-')), 'dist');
    const built = buildSite({ DLT_CONTENT_ROOT: await corpus(), DLT_DIST: dist });
    expect(built.ok, built.log).toBe(true);
    expect(built.log).toMatch(/the whole site is precached on the first visit/);
    expect(readManifest(dist)).toMatchObject({ precacheAll: true, files: [] });
    const { site, browser, page } = await openSite(dist);
    try {
      await page.goto(site.url(''));
      await waitForServiceWorker(page);
      await footer(page).filter({ hasText: 'Whole site saved offline' }).waitFor({ timeout: 30_000 });
      await page.goto(site.url('reading-offline/'));
      await page
        .getByRole('status')
        .filter({ hasText: /^Whole site saved — [\d.]+ MB\. It is small enough/ })
        .waitFor();
      expect(await page.getByRole('button', { name: /Save the whole site/ }).isVisible()).toBe(false);
      await browser.setOffline(true);
      await expectReadable(page, site.url('notes/alpha/'), 'notes/alpha/');
      await page.goto(site.url('search/?q=beta'));
      await page.locator('pagefind-results a').filter({ hasText: 'Beta' }).first().waitFor({ timeout: 15_000 });
      expect(await page.locator('.search-note').count()).toBe(0);
    } finally {
      await closeSite({ site, browser });
      rmSync(join(dist, '..'), { recursive: true, force: true });
    }
  });
});

describe('a new deploy', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-deploy-'));
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await removeCorpora();
  });
  const build = (content: string, dist: string) => {
    const r = buildSaveModeSite(content, dist);
    if (!r.ok) throw new Error(r.log);
  };

  it('is picked up after a reload; a site saved whole is updated by fetching only what changed', async () => {
    const content = await corpus();
    const v1Dir = join(work, 'v1');
    build(content, v1Dir);
    const note = join(content, 'content/notes/beta.md');
    writeFileSync(
      note,
      readFileSync(note, 'utf8').replace(/\n---\n/, '\n---\n\nThis sentence was added in the second deploy.\n'),
    );
    build(content, join(work, 'v2'));
    const [v1, v2] = [readManifest(v1Dir), readManifest(join(work, 'v2'))];
    const before = new Map(v1.files.map(([path, , hash]) => [path, hash]));
    const changed = new Set(v2.files.filter(([path, , hash]) => before.get(path) !== hash).map(([path]) => `/${path}`));
    expect(changed.has('/notes/beta/')).toBe(true);
    expect(changed.size).toBeLessThan(v2.files.length / 2);

    const live = join(work, 'live');
    cpSync(v1Dir, live, { recursive: true });
    const site = await serveSite(live);
    const browser = await launchBrowser();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const errors = collectErrors(page);
      await page.goto(site.url('reading-offline/'));
      await waitForServiceWorker(page);
      await page.getByRole('button', { name: /^Save the whole site for offline/ }).click();
      await page.getByRole('status').filter({ hasText: 'Whole site saved — ' }).waitFor({ timeout: 60_000 });
      await page.goto(site.url('notes/beta/'));
      expect(await page.locator('.note-body').textContent()).not.toContain('second deploy');
      // Deploy v2 over v1.
      rmSync(live, { recursive: true, force: true });
      cpSync(join(work, 'v2'), live, { recursive: true });
      await page.reload();
      // Until the reader accepts, pages still come whole from the old build.
      expect(await page.locator('.note-body').textContent()).not.toContain('second deploy');
      const banner = page.getByRole('status').filter({ hasText: 'A newer version of these notes is available' });
      await banner.waitFor({ timeout: 40_000 });
      const accepted = performance.now();
      await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
      await page
        .locator('.note-body')
        .getByText('This sentence was added in the second deploy.')
        .waitFor({ timeout: 10_000 });
      // The saved site follows: only the files v2 changed are fetched again.
      await footer(page).filter({ hasText: 'Whole site saved offline' }).waitFor({ timeout: 60_000 });
      const fetched = site.requests.filter((r) => r.at > accepted && r.status === 200).map((r) => r.path);
      const resaved = savedFiles(site)
        .filter((r) => r.at > accepted)
        .map((r) => r.path);
      console.log(
        `Update: v2 changed ${changed.size} of ${v2.files.length} saved files; ` +
          `${resaved.length} were saved again, the rest moved over.`,
      );
      expect(resaved.filter((p) => !changed.has(p))).toEqual([]);
      expect([...changed].filter((p) => !fetched.includes(p))).toEqual([]);
      // Old caches are gone: one precache, and the saved files of v2 only.
      const cacheNames: string[] = await page.evaluate(() => caches.keys());
      expect(cacheNames.filter((c) => c.includes('precache'))).toHaveLength(1);
      expect(cacheNames.filter((c) => c.includes('-saved-'))).toEqual([v2.cache]);
      await browser.setOffline(true);
      await page.goto(site.url('notes/beta/'));
      await page.locator('.note-body').getByText('This sentence was added in the second deploy.').waitFor();
      await expectReadable(page, site.url('notes/alpha/'), 'notes/alpha/');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await site.close();
    }
  }, 180_000);
});

describe('the downloadable offline copy', () => {
  it('opens from file:// and follows links across pages with styles, math and search', async () => {
    const dir = inject('offlineDir');
    const browser = await launchBrowser();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      // The copy's own Content-Security-Policy must allow everything the copy itself needs.
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/Source Serif 4/);
      await page.locator('a.card').filter({ hasText: 'Deep learning theory: an overview' }).click();
      await page.waitForURL(/notes\/deep-learning-theory\/index\.html$/);
      await page
        .locator('.note-body a.wikilink')
        .filter({ hasText: /^Saddle points/ })
        .first()
        .click();
      await page.waitForURL(/notes\/saddles-and-pl-condition\/index\.html$/);
      expect(await page.locator('.katex').count()).toBeGreaterThan(5);
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
      await page.locator('.note-end a.citation, .references a.ref-title').first().click();
      await page.waitForURL(/papers\/[^/]+\/index\.html$/);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await page
        .getByRole('banner')
        .getByRole('link', { name: /^Search/ })
        .click();
      await page.waitForURL(/search\/index\.html$/);
      await page.getByLabel('Search the notes').fill('neural tangent');
      await page.locator('.offline-results a').filter({ hasText: 'Infinite-width limits' }).first().waitFor();
      expect(await page.locator('[data-offline-status]').textContent()).toBe('Offline copy');
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('has a Content-Security-Policy of its own, so injected markup cannot run from file://', async () => {
    const dir = inject('offlineDir');
    const pages = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.html'));
    for (const file of pages)
      expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(
        /<meta http-equiv="content-security-policy" content="default-src 'self';/,
      );
    // A page with markup that would run if it got past the figure and HTML checks.
    const original = readFileSync(join(dir, 'notes/memorization/index.html'), 'utf8');
    const attacked = join(dir, 'notes/memorization/attacked.html');
    writeFileSync(
      attacked,
      original.replace(
        '</main>',
        '<img src="x" onerror="document.title=\'pwned\'"><script>document.title=\'pwned\'</script></main>',
      ),
    );
    const browser = await launchBrowser();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(pathToFileURL(attacked).href);
      await page.waitForLoadState('load');
      expect(await page.title()).not.toBe('pwned');
      expect(await page.locator('.katex').count()).toBeGreaterThan(5);
    } finally {
      await browser.close();
      rmSync(attacked);
    }
  });
});
