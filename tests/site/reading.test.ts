import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, launchBrowser, openSite } from '../helpers/browser.ts';
import { buildSaveModeSite } from '../helpers/build.ts';
import { corpus, removeCorpora } from '../helpers/corpus.ts';
import { serveSite, type SiteServer } from '../helpers/serve.ts';

const pages = [
  '',
  'notes/infinite-width-limits/',
  'papers/jacot2018neural/',
  'tags/implicit-bias/',
  'search/?q=kernel',
  'map/',
];
const widths = [360, 768, 1280];

let site: SiteServer;
let browser: BrowserContext;
let page: Page;
beforeAll(async () => ({ site, browser, page } = await openSite(inject('siteDir'), { serviceWorkers: 'block' })));
afterAll(() => closeSite({ site, browser }));

describe('layout from a 360 px phone to a wide desktop', () => {
  // Contrast is checked once, with every other WCAG AA rule, in soundness.test.ts (light and dark).
  it('never scrolls the page sideways, at any width', async () => {
    const problems: string[] = [];
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of pages) {
        await page.goto(site.url(path), { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        if (overflow > 0) problems.push(`${width}px /${path}: page is ${overflow}px wider than the screen`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('scrolls wide formulas and tables inside their own boxes on a phone', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(site.url('notes/implicit-deep-learning/'));
    const boxes = await page
      .locator('.math-display')
      .evaluateAll((els) =>
        els.map((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, overflowX: getComputedStyle(e).overflowX })),
      );
    expect(boxes.some((b) => b.scroll > b.client)).toBe(true); // some formula is wider than a phone…
    expect(boxes.every((b) => b.overflowX === 'auto')).toBe(true); // …and scrolls in its box
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
      0,
    );
  });
});

describe('themes', () => {
  it('follows the system, and a chosen theme persists across pages without a flash of the other', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(site.url('notes/neural-mechanics/'));
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(252, 251, 248)');
    await page.getByRole('button', { name: 'Switch between light and dark theme' }).click();
    expect(await bg()).toBe('rgb(20, 21, 25)');
    // On the next page, the theme must already be dark in the very first frame.
    await page.addInitScript(() => {
      requestAnimationFrame(() => {
        (window as unknown as { firstFrame: string }).firstFrame =
          `${document.documentElement.dataset.theme} ${getComputedStyle(document.documentElement).colorScheme}`;
      });
    });
    await page.locator('.pager a').first().click();
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as unknown as { firstFrame: string }).firstFrame)).toBe('dark dark');
    expect(await bg()).toBe('rgb(20, 21, 25)');
    await page.getByRole('button', { name: 'Switch between light and dark theme' }).click();
    await page.evaluate(() => localStorage.removeItem('theme'));
  });
});

describe('reading aids', () => {
  it('highlights the section being read in the table of contents on wide screens', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(site.url('notes/infinite-width-limits/'));
    const toc = page.getByRole('navigation', { name: 'On this page' });
    expect(await toc.isVisible()).toBe(true);
    const third = toc.getByRole('link').nth(2);
    const id = (await third.getAttribute('href'))!.slice(1);
    await page.evaluate((i) => document.getElementById(i)?.scrollIntoView({ behavior: 'instant' }), id);
    await expect.poll(() => third.getAttribute('aria-current')).toBe('true');
  });

  it('folds the table of contents away on phones', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(site.url('notes/infinite-width-limits/'));
    expect(await page.getByRole('navigation', { name: 'On this page' }).isVisible()).toBe(false);
    const details = page.locator('details.toc-inline');
    expect(await details.getAttribute('open')).toBeNull();
    await details.locator('summary').click();
    expect(await page.getByRole('navigation', { name: 'Contents' }).isVisible()).toBe(true);
  });

  it('shows breadcrumbs, reading time, last updated, edit link, and previous/next in home-page order', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(site.url('notes/infinite-width-limits/'));
    expect(await page.getByRole('navigation', { name: 'Breadcrumbs' }).textContent()).toMatch(
      /Home.*Theoretical studies/,
    );
    expect(await page.locator('.meta').first().textContent()).toMatch(/\d+ min read.*Updated/);
    expect(await page.getByRole('link', { name: 'Edit this note' }).getAttribute('href')).toMatch(
      /content\/notes\/infinite-width-limits\.md$/,
    );
    const pager = page.getByRole('navigation', { name: 'Previous and next notes' });
    expect(await pager.getByRole('link').count()).toBe(2);
  });

  it('lets a keyboard user skip to the content, with a visible focus ring', async () => {
    await page.goto(site.url('notes/infinite-width-limits/'));
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    expect(await skip.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('prints a note with its references and without the site furniture', async () => {
    await page.goto(site.url('notes/infinite-width-limits/'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.toc-aside').isVisible()).toBe(false);
    expect(await page.locator('#references').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});

describe('metadata and feeds', () => {
  it('gives every note a description and Open Graph tags from its summary', async () => {
    await page.goto(site.url('notes/adam-vs-sgd/'));
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    expect(description?.length).toBeGreaterThan(40);
    expect(await page.locator('meta[property="og:description"]').getAttribute('content')).toBe(description);
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe('Adam versus SGD');
  });

  it('publishes an Atom feed, a sitemap and a robots file', () => {
    const dir = inject('siteDir');
    const feed = readFileSync(join(dir, 'feed.xml'), 'utf8');
    expect(feed).toMatch(/^<\?xml[\s\S]*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect((feed.match(/<entry>/g) ?? []).length).toBeGreaterThan(10);
    const sitemap = readFileSync(join(dir, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('/notes/infinite-width-limits/</loc>');
    expect(readFileSync(join(dir, 'robots.txt'), 'utf8')).toMatch(/Sitemap: https?:\/\/.+\/sitemap\.xml/);
  });
});

describe('under a base path, as on GitHub Pages', () => {
  it('serves pages, links, search, previews, the feed and the offline worker under /dl-theory/', async () => {
    // The small two-note corpus (a wikilink, a citation, a figure, math): every kind of link the base
    // path must prefix, in a build of seconds. Saving is per page, as on a large site.
    const dist = join(mkdtempSync(join(tmpdir(), 'dlt-base-')), 'dist');
    const built = buildSaveModeSite(await corpus(), dist, {
      DLT_BASE: '/dl-theory/',
      DLT_SITE: 'https://user.github.io',
    });
    expect(built.ok, built.log).toBe(true);
    // Astro's loader takes the render step's corpus under a base path too.
    expect(built.log).not.toContain('loaded the notes again after the render step');
    const sub = await serveSite(dist, { base: '/dl-theory/' });
    const ctx = await launchBrowser();
    try {
      const p = ctx.pages()[0] ?? (await ctx.newPage());
      const failures: string[] = [];
      p.on('response', (r) => r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`));
      await p.goto(sub.url(''));
      await p.locator('a.card').filter({ hasText: 'Alpha' }).click();
      await p.waitForURL(/\/dl-theory\/notes\/alpha\/$/);
      const link = p.locator('.note-body a.wikilink').first();
      expect(await link.getAttribute('href')).toMatch(/^\/dl-theory\/notes\//);
      await link.focus();
      await p.getByRole('tooltip').waitFor();
      await p.keyboard.press('Escape');
      await p.keyboard.press('/');
      await p.locator('pagefind-modal input').first().fill('beta');
      const result = p.locator('pagefind-modal a').filter({ hasText: 'Beta' }).first();
      await result.waitFor({ timeout: 15_000 });
      expect(await result.getAttribute('href')).toBe('/dl-theory/notes/beta/');
      const status = p.locator('[data-offline-status]', { hasText: 'Pages you open are kept offline' });
      await status.waitFor({ timeout: 30_000 });
      expect(await p.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(
        `${sub.origin}/dl-theory/`,
      );
      // The note read is saved under the base, in this build's cache (the home page is in the shell).
      const saved = await p.evaluate(async () => {
        const names = (await caches.keys()).filter((n) => n.includes('-saved-'));
        const keys = await Promise.all(names.map(async (n) => (await caches.open(n)).keys()));
        return { names, urls: keys.flat().map((r) => r.url) };
      });
      expect(saved.names).toEqual([JSON.parse(readFileSync(join(dist, 'offline-manifest.json'), 'utf8')).cache]);
      expect(saved.names[0]).toMatch(/^dl-theory-dl-theory-saved-/);
      expect(saved.urls).toContain(sub.url('notes/alpha/'));
      expect(failures).toEqual([]);
      const feed = readFileSync(join(dist, 'feed.xml'), 'utf8');
      expect(feed).toContain('https://user.github.io/dl-theory/notes/');
      const manifest = JSON.parse(readFileSync(join(dist, 'manifest.webmanifest'), 'utf8'));
      expect(manifest.start_url).toBe('/dl-theory/');
    } finally {
      await ctx.close();
      await sub.close();
      rmSync(join(dist, '..'), { recursive: true, force: true });
      await removeCorpora();
    }
  }, 240_000);
});
