/**
 * Results and equations as a reader meets them in Chromium: a reference in one note that reads
 * "Theorem N in <note>", followed to the block; its preview by hover, keyboard and tap; the
 * "Used in" list on the block; the block as a search sub-result; the results index and glossary;
 * and the same reference in the file:// copy.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, launchBrowser, openSite } from '../helpers/browser.ts';
import type { SiteServer } from '../helpers/serve.ts';

let site: SiteServer;
let browser: BrowserContext;
let page: Page;
beforeAll(async () => ({ site, browser, page } = await openSite(inject('siteDir'), { serviceWorkers: 'block' })));
afterAll(() => closeSite({ site, browser }));

const SOURCE = 'notes/infinite-width-limits/';
const TARGET_NOTE = 'Saddle points and the Polyak–Łojasiewicz condition';
const resultRef = (p: Page) =>
  p.locator('.note-body a.wikilink[href$="/notes/saddles-and-pl-condition/#pl-linear-rate"]').first();

describe('a reference to a result in another note', () => {
  it('reads "Theorem N in <note>", lands on the block, and the block lists the note that used it', async () => {
    await page.goto(site.url(SOURCE));
    const link = resultRef(page);
    const text = (await link.textContent()) ?? '';
    expect(text).toMatch(new RegExp(`^Theorem \\d+ in ${TARGET_NOTE}$`));
    const name = text.replace(/ in .*$/, '');
    await link.click();
    await page.waitForURL(/\/notes\/saddles-and-pl-condition\/#pl-linear-rate$/);
    const block = page.locator('section#pl-linear-rate[data-result-kind="theorem"]');
    expect(await block.locator('.result-heading').textContent()).toMatch(
      new RegExp(`^${name} — PL implies a linear rate`),
    );
    expect(await block.locator('.result-body .katex').count()).toBeGreaterThan(3);
    // The block is in view: the browser scrolls to it (smoothly, so wait for the scroll to settle).
    await page.waitForFunction(() => {
      const top = document.getElementById('pl-linear-rate')?.getBoundingClientRect().top ?? -1;
      return top >= 0 && top < 300;
    });
    const usedIn = block.locator('details.used-in');
    await usedIn.locator('summary').click();
    const entry = usedIn.locator('li').filter({ has: page.getByRole('link', { name: /^Infinite-width limits/ }) });
    expect(await entry.count()).toBe(1);
    expect(await entry.locator('.context mark').first().textContent()).toBe(text);
  });

  it('reads an equation reference as "eq. (n) in <note>" and lands on the numbered formula', async () => {
    await page.goto(site.url(SOURCE));
    const link = page.locator('.note-body a.wikilink[href$="/notes/saddles-and-pl-condition/#eq:pl"]').first();
    const text = (await link.textContent()) ?? '';
    expect(text).toMatch(new RegExp(`^eq\\. \\((\\d+)\\) in ${TARGET_NOTE}$`));
    const n = /\((\d+)\)/.exec(text)?.[1];
    await link.click();
    await page.waitForURL(/#eq:pl$/);
    const formula = page.locator('[id="eq:pl"]');
    expect(await formula.getAttribute('data-equation-number')).toBe(n);
    expect(await formula.locator('.tag').textContent()).toBe(`(${n})`);
  });

  it('previews the statement, with its math, on hover and on keyboard focus', async () => {
    await page.goto(site.url(SOURCE));
    const link = resultRef(page);
    await link.hover();
    const card = page.getByRole('tooltip');
    await card.waitFor({ timeout: 5000 });
    expect(await card.locator('.kind').textContent()).toMatch(new RegExp(`^Theorem \\d+ · ${TARGET_NOTE}$`));
    expect(await card.textContent()).toMatch(/converges linearly/);
    expect(await card.locator('.katex').count()).toBeGreaterThan(2);
    // The card stays while the pointer moves onto it.
    const box = await card.boundingBox();
    await page.mouse.move(box!.x + 10, box!.y + 10, { steps: 4 });
    await page.waitForTimeout(400);
    expect(await card.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await link.focus();
    await card.waitFor({ timeout: 5000 });
    expect(await card.textContent()).toMatch(/converges linearly/);
  });

  it('previews on the first tap on a touch screen and follows on the second', async () => {
    const touch = await browser
      .browser()
      ?.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 }, serviceWorkers: 'block' });
    if (!touch) throw new Error('no browser to open a touch context in');
    try {
      const p = await touch.newPage();
      await p.goto(site.url(SOURCE));
      const link = resultRef(p);
      await link.scrollIntoViewIfNeeded();
      await link.tap();
      const card = p.getByRole('tooltip');
      await card.waitFor({ timeout: 5000 });
      expect(await card.textContent()).toMatch(/converges linearly/);
      await link.tap();
      await p.waitForURL(/#pl-linear-rate$/);
    } finally {
      await touch.close();
    }
  });
});

describe('finding results', () => {
  it('lists every result on the results page and every definition in the glossary, both linked from the home page', async () => {
    await page.goto(site.url());
    await page.getByRole('link', { name: 'results', exact: true }).first().click();
    await page.waitForURL(/\/results\/$/);
    const item = page.locator('.results-index a').filter({ hasText: /^Theorem \d+ — PL implies a linear rate$/ });
    expect(await item.getAttribute('href')).toBe('/notes/saddles-and-pl-condition/#pl-linear-rate');
    await page.goto(site.url());
    await page.getByRole('link', { name: 'glossary', exact: true }).first().click();
    await page.waitForURL(/\/glossary\/$/);
    const entry = page
      .locator('.glossary-entry')
      .filter({ has: page.getByRole('link', { name: /Polyak–Łojasiewicz \(PL\) inequality/ }) });
    expect(await entry.locator('.katex').count()).toBeGreaterThan(2);
  });

  it('finds a result by its title in search, as a sub-result with its kind and number', async () => {
    await page.goto(site.url('search/'));
    const subs = (await page.evaluate(`(async () => {
      const pagefind = await import(location.origin + '/pagefind/pagefind.js');
      await pagefind.init();
      const search = await pagefind.search('PL implies a linear rate');
      const pages = await Promise.all(search.results.slice(0, 3).map((r) => r.data()));
      return pages.flatMap((p) => p.sub_results.map((s) => ({ title: s.title, url: s.url })));
    })()`)) as { title: string; url: string }[];
    expect(subs).toContainEqual({
      title: expect.stringMatching(/^Theorem \d+ — PL implies a linear rate/),
      url: '/notes/saddles-and-pl-condition/#pl-linear-rate-title',
    });
  });
});

describe('the file:// copy', () => {
  it('follows a result reference across notes and lands on the block', async () => {
    const copy = await launchBrowser({ serviceWorkers: 'block' });
    try {
      const p = await copy.newPage();
      await p.goto(pathToFileURL(join(inject('offlineDir'), SOURCE, 'index.html')).href);
      const link = resultRef(p)
        .or(p.locator('.note-body a.wikilink[href*="saddles-and-pl-condition/index.html#pl-linear-rate"]'))
        .first();
      expect(await link.textContent()).toMatch(/^Theorem \d+ in /);
      await link.click();
      await p.waitForURL(/saddles-and-pl-condition\/index\.html#pl-linear-rate$/);
      expect(
        await p.locator('section#pl-linear-rate[data-result-kind="theorem"] .result-body .katex').count(),
      ).toBeGreaterThan(3);
    } finally {
      await copy.close();
    }
  });
});
