import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, launchBrowser, openSite } from '../helpers/browser.ts';
import type { SiteServer } from '../helpers/serve.ts';
import { katexMacros } from '../../src/lib/katex-macros.ts';

/** A keyboard and screen-reader path through a note: contents, scrolling equations, snippets, copying math. */
let site: SiteServer;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => ({ site, browser, page } = await openSite(inject('siteDir'), { serviceWorkers: 'block' })));
afterAll(() => closeSite({ site, browser }));

const ready = async (p: Page, path: string) => {
  await p.goto(site.url(path));
  await p.evaluate(() => document.fonts.ready);
  // scroll-boxes.ts lays out again in the frame after the fonts arrive.
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
};

/** Presses Tab (and Enter on the skip link to the contents) until focus is in `target`; returns the Tab count. */
async function tabsTo(p: Page, target: string, limit = 30): Promise<number> {
  for (let tabs = 1; tabs <= limit; tabs++) {
    await p.keyboard.press('Tab');
    const where = await p.evaluate((sel) => {
      const el = document.activeElement;
      return { inside: !!el?.closest(sel), skip: el?.textContent === 'Skip to the table of contents' };
    }, target);
    if (where.inside) return tabs;
    if (where.skip) await p.keyboard.press('Enter');
  }
  return Infinity;
}

describe('the keyboard path to the contents', () => {
  it('reaches the table of contents within 10 Tab stops of page load on a wide screen', async () => {
    await ready(page, 'notes/infinite-width-limits/');
    expect(await tabsTo(page, '.toc-aside nav a')).toBeLessThanOrEqual(10);
    // The next Tab stops are the contents' own links, in order.
    const first = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).hash);
    expect(first).toBe(
      await page
        .locator('.toc-aside nav a')
        .first()
        .evaluate((a) => (a as HTMLAnchorElement).hash),
    );
  });

  it('reaches the folding contents on a phone, and the hidden wide-screen one is never a stop', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 800 }, serviceWorkers: 'block' });
    try {
      const p = phone.pages()[0] ?? (await phone.newPage());
      await ready(p, 'notes/infinite-width-limits/');
      expect(await tabsTo(p, '.toc-inline')).toBeLessThanOrEqual(10);
      expect(await p.locator('.skip-toc-aside').isVisible()).toBe(false);
    } finally {
      await phone.close();
    }
  });
});

describe('display equations', () => {
  it('are tab stops only when they scroll, named "Equation n, scrollable"', async () => {
    for (const [width, path] of [
      [1280, 'notes/kernel-and-rich-regimes/'],
      [390, 'notes/infinite-width-limits/'],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await ready(page, path);
      const boxes = await page.locator('.math-display').evaluateAll((els) =>
        els.map((e) => ({
          scrolls: e.scrollWidth > e.clientWidth + 1,
          tab: e.getAttribute('tabindex'),
          name: e.getAttribute('aria-label'),
          role: e.getAttribute('role'),
          n: (e as HTMLElement).dataset.equationNumber,
        })),
      );
      const scrolling = boxes.filter((b) => b.scrolls);
      expect(scrolling.length, `${path} at ${width}px`).toBeGreaterThan(0);
      expect(scrolling.length).toBeLessThan(boxes.length);
      for (const b of boxes) {
        if (!b.scrolls) expect(b.tab).toBeNull();
        else
          expect([b.tab, b.role, b.name]).toEqual([
            '0',
            'region',
            b.n ? `Equation ${b.n}, scrollable` : 'Equation, scrollable',
          ]);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('on a 1280 px screen, a wide equation takes the free margin beside the text and hides nothing', async () => {
    await ready(page, 'notes/finite-width-effective-theory/');
    const wide = await page.locator('.note-body > .math-display').evaluateAll((els) =>
      els.map((e) => {
        const box = e.getBoundingClientRect();
        const column = document.querySelector('.note-body')!.getBoundingClientRect();
        const toc = document.querySelector('.toc-aside')!.getBoundingClientRect();
        return {
          left: box.left,
          right: box.right,
          column: column.left,
          toc: toc.left,
          fits: e.scrollWidth <= e.clientWidth + 1,
        };
      }),
    );
    const widened = wide.filter((w) => w.left < w.column - 1);
    expect(widened.length).toBeGreaterThan(0);
    for (const w of widened) {
      expect(w.fits).toBe(true);
      expect(w.left).toBeGreaterThanOrEqual(0);
      expect(w.right).toBeLessThan(w.toc);
    }
  });

  it('a box that still scrolls fades at the edge that hides more, and scrolls with the keyboard', async () => {
    await ready(page, 'notes/kernel-and-rich-regimes/');
    const box = page.locator('.math-display.scrolls').first();
    expect(
      await box.evaluate((e) => [e.classList.contains('fade-right'), getComputedStyle(e).maskImage !== 'none']),
    ).toEqual([true, true]);
    await box.focus();
    const end = await box.evaluate((e) => e.scrollWidth - e.clientWidth);
    for (let i = 0; i < 40 && (await box.evaluate((e) => e.scrollLeft)) < end - 1; i++)
      await page.keyboard.press('ArrowRight');
    expect(await box.evaluate((e) => e.scrollLeft)).toBeGreaterThanOrEqual(end - 1);
    await expect
      .poll(() => box.evaluate((e) => [e.classList.contains('fade-left'), e.classList.contains('fade-right')]))
      .toEqual([true, false]);
  });
});

describe('math for screen readers and for copying', () => {
  it('gives every formula in "Linked from" snippets its TeX as text, without the site macros', async () => {
    await ready(page, 'notes/saddles-and-pl-condition/');
    const snippets = await page.locator('.backlinks .context .katex').evaluateAll((els) =>
      els.map((k) => ({
        hidden: k.querySelector('.katex-html')?.getAttribute('aria-hidden'),
        tex: k.nextElementSibling?.matches('.math-tex.visually-hidden') ? k.nextElementSibling.textContent : null,
      })),
    );
    expect(snippets.length).toBeGreaterThan(0);
    const macro = new RegExp(
      Object.keys(katexMacros)
        .map((m) => `\\${m}(?![a-zA-Z])`)
        .join('|'),
    );
    for (const s of snippets) {
      expect(s.hidden).toBe('true');
      expect(s.tex).toBeTruthy();
      expect(s.tex).not.toMatch(macro);
    }
  });

  it('copies a formula as TeX that compiles without the site macros', async () => {
    await ready(page, 'notes/adversarial-examples/');
    const copied = await page.locator('#eq\\:adv-training').evaluate((box) => {
      const range = document.createRange();
      range.selectNodeContents(box);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const data = new DataTransfer();
      document.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
      return data.getData('text/plain');
    });
    expect(copied).toMatch(
      /^\$\$[\s\S]*\\mathbb\{E\}_\{\(x,y\) \\sim \\mathcal\{D\}\}[\s\S]*\\lVert \\delta \\rVert_\\infty[\s\S]*\$\$$/,
    );
    expect(copied).not.toMatch(/\\(E|cD|cL|norm)(?![a-zA-Z])/);
  });
});
