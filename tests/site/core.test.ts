import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, openSite } from '../helpers/browser.ts';
import type { SiteServer } from '../helpers/serve.ts';

const siteDir = inject('siteDir');
let site: SiteServer;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => ({ site, browser, page } = await openSite(siteDir)));
afterAll(() => closeSite({ site, browser }));

describe('the built site', () => {
  it("was loaded and rendered once, by the render step, whose corpus Astro's loader took", () => {
    expect(inject('buildLog')).not.toContain('loaded the notes again after the render step');
  });

  it('has a page for every note, paper and tag, a 404 page, a search index and a service worker', async () => {
    for (const file of [
      'index.html',
      '404.html',
      'notes/infinite-width-limits/index.html',
      'papers/jacot2018neural/index.html',
      'tags/implicit-bias/index.html',
      'search/index.html',
      'map/index.html',
      'reading-offline/index.html',
      'pagefind/pagefind.js',
      'pagefind/pagefind-component-ui.js',
      'sw.js',
      'offline-manifest.json',
      'feed.xml',
      'sitemap.xml',
      'robots.txt',
      'manifest.webmanifest',
    ]) {
      await expect(readFile(join(siteDir, file)), file).resolves.toBeTruthy();
    }
  });
});

describe('a note page in Chromium', () => {
  it('shows rendered math in KaTeX fonts and no KaTeX error', async () => {
    await page.goto(site.url('notes/saddles-and-pl-condition/'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Polyak/);
    expect(await page.locator('.katex-error').count()).toBe(0);
    const formulas = await page.locator('.katex').count();
    expect(formulas).toBeGreaterThan(5);
    const display = page.locator('.math-display .katex-display').first();
    expect(await display.isVisible()).toBe(true);
    await page.evaluate(() => document.fonts.ready);
    expect(
      await page.evaluate(() => document.fonts.check('16px KaTeX_Main') && document.fonts.check('16px KaTeX_Math')),
    ).toBe(true);
    // The PL condition is repaired from the export: ‖∇f(x)‖² ≥ … (the annotation has \norm written out).
    const annotations = await page.locator('annotation').allTextContents();
    expect(annotations).toEqual(expect.arrayContaining([expect.stringMatching(/\\(lVert|\|)\s*\\nabla f\(x\)/)]));
  });

  it('copies the LaTeX source when a reader copies rendered math', async () => {
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    await page.goto(site.url('notes/saddles-and-pl-condition/'));
    const formula = page.locator('.math-display .katex').first();
    const tex = await formula.locator('annotation').textContent();
    await formula.evaluate((el) => {
      const range = document.createRange();
      range.selectNode(el);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
    await page.keyboard.press('Control+c');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.replace(/^\$+|\$+$/g, '').trim()).toBe(tex?.trim());
  });

  it('gives every heading a stable anchor with a visible link', async () => {
    await page.goto(site.url('notes/infinite-width-limits/'));
    const h2 = page.locator('.note-body h2').first();
    const id = await h2.getAttribute('id');
    expect(id).toMatch(/^[a-z0-9-]+$/);
    const anchor = h2.locator('a.heading-anchor');
    expect(await anchor.getAttribute('href')).toBe(`#${id}`);
    expect(await anchor.getAttribute('aria-label')).toMatch(/^Link to the section/);
  });
});

describe('search', () => {
  it('lists the right note for a typed word, and clicking the result opens it', async () => {
    await page.goto(site.url());
    await page
      .getByRole('banner')
      .getByRole('link', { name: /^Search/ })
      .click();
    const input = page.getByRole('searchbox').or(page.locator('pagefind-modal input')).first();
    await input.waitFor();
    await input.fill('neural tangent kernel');
    const result = page.locator('pagefind-modal a').filter({ hasText: 'Infinite-width limits' }).first();
    await result.waitFor({ timeout: 15_000 });
    await result.click();
    await page.waitForURL(/\/notes\/infinite-width-limits\//);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Infinite-width limits/);
  });

  it('opens with the / key and with Ctrl+K', async () => {
    for (const key of ['/', 'Control+k']) {
      await page.goto(site.url('notes/memorization/'));
      await page.keyboard.press(key);
      const dialog = page.locator('pagefind-modal dialog[open]');
      await dialog.waitFor({ timeout: 10_000 });
      expect(await dialog.isVisible()).toBe(true);
    }
  });

  it('answers a deep link /search/?q=…', async () => {
    await page.goto(site.url('search/?q=lottery%20ticket'));
    const first = page.locator('pagefind-results a').first();
    await first.waitFor({ timeout: 15_000 });
    expect(await page.locator('pagefind-results').textContent()).toMatch(/lottery/i);
  });
});

describe('errors and requests', () => {
  it('serves the 404 page for an unknown path', async () => {
    const response = await page.goto(site.url('notes/no-such-note/'));
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
  });

  it('makes no request outside its own origin on any page type', async () => {
    const outside: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.origin !== site.origin && url.protocol !== 'data:' && url.protocol !== 'blob:') outside.push(r.url());
    });
    for (const path of [
      '',
      'notes/adversarial-examples/',
      'papers/jacot2018neural/',
      'tags/kernel-methods/',
      'papers/',
      'tags/',
      'map/',
      'search/?q=kernel',
      'offline/',
    ]) {
      await page.goto(site.url(path), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
    }
    await page.keyboard.press('/');
    await page.locator('pagefind-modal input').first().fill('robust');
    await page.waitForTimeout(1500);
    expect(outside).toEqual([]);
  });
});
