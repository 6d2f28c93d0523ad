import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, launchBrowser, openSite } from '../helpers/browser.ts';
import { buildSite } from '../helpers/build.ts';
import { serveSite, type SiteServer } from '../helpers/serve.ts';

const root = resolve(import.meta.dirname, '../..');

async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((r) => navigator.serviceWorker.addEventListener('controllerchange', () => r(), { once: true }));
    }
    return reg.active?.state;
  });
}

describe('reading offline after one visit', () => {
  let site: SiteServer;
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => ({ site, browser, page } = await openSite(inject('siteDir'))));
  afterAll(() => closeSite({ site, browser }));

  it('opens never-visited pages with math and fonts, searches, and explains uncached URLs, with the network off', async () => {
    await page.goto(site.url());
    await waitForServiceWorker(page);
    // The whole site is precached (24.6 MB, 1,208 files): on a loaded 2-core machine that took 20 s.
    await page.locator('[data-offline-status]', { hasText: 'Available offline' }).waitFor({ timeout: 60_000 });
    await browser.setOffline(true);
    for (const path of ['notes/neural-mechanics/', 'notes/robust-optimization/', 'notes/bagging-and-boosting/', 'papers/karimi2016linear/', 'tags/verification/']) {
      const response = await page.goto(site.url(path));
      expect(response?.ok(), path).toBe(true);
      expect(await page.getByRole('heading', { level: 1 }).count(), path).toBe(1);
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.fonts.check('16px "Source Serif 4"')), `${path} text font`).toBe(true);
      if (path.startsWith('notes/')) {
        expect(await page.locator('.katex').count(), path).toBeGreaterThan(0);
        expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), `${path} math font`).toBe(true);
      }
    }
    await page.goto(site.url('search/?q=boosting'));
    const hit = page.locator('pagefind-results a').filter({ hasText: 'Bagging and boosting' }).first();
    await hit.waitFor({ timeout: 15_000 });
    // A result, with its statement, opens offline by its label.
    await page.goto(site.url('notes/saddles-and-pl-condition/#pl-linear-rate'));
    expect(await page.locator('section#pl-linear-rate[data-result-kind="theorem"] .result-body .katex').count()).toBeGreaterThan(3);
    // An address typed without its trailing slash opens the page, as the server's redirect would.
    await page.goto(site.url('notes/neural-mechanics'));
    expect(page.url()).toBe(site.url('notes/neural-mechanics/'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toBe('You are offline');
    await page.goto(site.url('notes/not-saved-anywhere/'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are offline');
    expect(await page.getByRole('link', { name: 'list of notes' }).getAttribute('href')).toBe('/');
    await browser.setOffline(false);
  });
});

describe('a new deploy', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-deploy-'));
  const build = (content: string, dist: string) => {
    const r = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist, DLT_CACHE_DIR: join(work, 'cache') });
    if (!r.ok) throw new Error(r.log);
  };
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is picked up after a reload, with the reader told a newer version exists', async () => {
    const content = join(work, 'corpus');
    cpSync(join(root, 'content'), join(content, 'content'), { recursive: true });
    build(content, join(work, 'v1'));
    const note = join(content, 'content/notes/memorization.md');
    writeFileSync(note, readFileSync(note, 'utf8').replace(/\n---\n/, '\n---\n\nThis sentence was added in the second deploy.\n'));
    build(content, join(work, 'v2'));

    const live = join(work, 'live');
    cpSync(join(work, 'v1'), live, { recursive: true });
    const site = await serveSite(live);
    const browser = await launchBrowser();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(site.url('notes/memorization/'));
      await waitForServiceWorker(page);
      expect(await page.locator('.note-body').textContent()).not.toContain('second deploy');
      // Deploy v2 over v1.
      rmSync(live, { recursive: true, force: true });
      cpSync(join(work, 'v2'), live, { recursive: true });
      await page.reload();
      // Until the reader accepts, pages still come whole from the old build.
      expect(await page.locator('.note-body').textContent()).not.toContain('second deploy');
      const banner = page.getByRole('status').filter({ hasText: 'A newer version of these notes is available' });
      await banner.waitFor({ timeout: 40_000 });
      await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
      await page.locator('.note-body').getByText('This sentence was added in the second deploy.').waitFor({ timeout: 10_000 });
      // Old caches are gone: only the current Workbox precache remains.
      const cacheNames: string[] = await page.evaluate(() => caches.keys());
      expect(cacheNames.filter((c) => c.includes('precache'))).toHaveLength(1);
    } finally {
      await browser.close();
      await site.close();
    }
  });
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
      await page.locator('.note-body a.wikilink').filter({ hasText: /^Saddle points/ }).first().click();
      await page.waitForURL(/notes\/saddles-and-pl-condition\/index\.html$/);
      expect(await page.locator('.katex').count()).toBeGreaterThan(5);
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
      await page.locator('.note-end a.citation, .references a.ref-title').first().click();
      await page.waitForURL(/papers\/[^/]+\/index\.html$/);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await page.getByRole('banner').getByRole('link', { name: /^Search/ }).click();
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
    const pages = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.html'));
    for (const file of pages) expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(/<meta http-equiv="content-security-policy" content="default-src 'self';/);
    // A page with markup that would run if it got past the figure and HTML checks.
    const original = readFileSync(join(dir, 'notes/memorization/index.html'), 'utf8');
    const attacked = join(dir, 'notes/memorization/attacked.html');
    writeFileSync(attacked, original.replace('</main>', '<img src="x" onerror="document.title=\'pwned\'"><script>document.title=\'pwned\'</script></main>'));
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
