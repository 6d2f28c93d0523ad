import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, openSite } from '../helpers/browser.ts';
import type { SiteServer } from '../helpers/serve.ts';

let site: SiteServer;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => ({ site, browser, page } = await openSite(inject('siteDir'))));

/** The text of the sentence cited-sentence.ts highlights (formulas' hidden copies left out), and of its block. */
async function citedSentence(p: Page, id: string): Promise<{ sentence: string; block: string; hasCite: boolean }> {
  const handle = await p.waitForFunction((citeId) => {
    const h = (CSS as unknown as { highlights: Map<string, Iterable<Range>> }).highlights.get('cited');
    const range = h ? [...h][0] : undefined;
    const cite = document.getElementById(citeId);
    if (!range || !cite) return undefined;
    const text = (r: Range) => {
      const copy = r.cloneContents();
      for (const el of copy.querySelectorAll('.katex-mathml, .math-words, .math-tex')) el.remove();
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    const whole = document.createRange();
    whole.selectNodeContents(cite.closest('p, li, h2, h3, h4, h5, h6')!);
    return { sentence: text(range), block: text(whole), hasCite: range.intersectsNode(cite) };
  }, id);
  return (await handle.jsonValue())!;
}
afterAll(() => closeSite({ site, browser }));

describe('cross-links between notes', () => {
  it('follows a wikilink to the target note, which shows the backlink with the sentence that made it', async () => {
    await page.goto(site.url('notes/deep-learning-theory/'));
    const link = page.locator('.note-body a.wikilink[href$="/notes/early-stopping-and-ridge/"]').first();
    const label = await link.textContent();
    await link.click();
    await page.waitForURL(/\/notes\/early-stopping-and-ridge\/$/);
    const linkedFrom = page.locator('section[aria-labelledby="linked-from"]');
    const entry = linkedFrom
      .locator('li')
      .filter({ has: page.getByRole('link', { name: 'Deep learning theory: an overview' }) });
    expect(await entry.count()).toBe(1);
    // The context is the sentence around the link, with the link text highlighted.
    const context = entry.locator('.context mark').first();
    expect(await context.textContent()).toBe(label);
  });

  it('shows a preview card when a note link gets keyboard focus, and closes it with Escape', async () => {
    await page.goto(site.url('notes/deep-learning-theory/'));
    const link = page.locator('.note-body a.wikilink[href$="/notes/saddles-and-pl-condition/"]').first();
    await link.focus();
    const card = page.getByRole('tooltip');
    await card.waitFor({ timeout: 5000 });
    expect(await card.textContent()).toMatch(/Polyak/);
    expect(await link.getAttribute('aria-describedby')).toBe('link-preview');
    // The card never covers the link it describes.
    const [a, c] = await Promise.all([link.boundingBox(), card.boundingBox()]);
    expect(a && c && (c.y >= a.y + a.height || c.y + c.height <= a.y)).toBe(true);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
  });

  it('on a touch screen, shows the preview on the first tap and follows the link on the second', async () => {
    const touch = await browser
      .browser()
      ?.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 }, serviceWorkers: 'block' });
    const p = touch ? await touch.newPage() : page;
    await p.goto(site.url('notes/deep-learning-theory/'));
    const link = p.locator('.note-body a.wikilink[href$="/notes/saddles-and-pl-condition/"]').first();
    await link.tap();
    const card = p.getByRole('tooltip');
    await card.waitFor({ timeout: 5000 });
    expect(await card.textContent()).toMatch(/Tap the link again/);
    expect(p.url()).toMatch(/\/notes\/deep-learning-theory\/$/);
    await link.tap();
    await p.waitForURL(/\/notes\/saddles-and-pl-condition\/$/);
    await touch?.close();
  });

  it('previews a citation with its venue, year, authors, "In brief" line and links', async () => {
    await page.goto(site.url('notes/infinite-width-limits/'));
    const cite = page.locator('.note-body a.citation[data-cite="jacot2018neural"]').first();
    await cite.hover();
    const card = page.getByRole('tooltip');
    await card.waitFor({ timeout: 5000 });
    expect(await card.locator('.kind').textContent()).toMatch(
      /^Paper · .*NeurIPS|Neural Information Processing.* · 2018$/,
    );
    expect(await card.locator('strong').textContent()).toMatch(/Neural Tangent Kernel/);
    expect(await card.locator('.byline').textContent()).toMatch(/Jacot/);
    const brief = await page.evaluate(async () => {
      const doc = new DOMParser().parseFromString(await (await fetch('/papers/jacot2018neural/')).text(), 'text/html');
      return doc.querySelector('[aria-labelledby="in-brief"] p')?.textContent?.trim();
    });
    expect(brief).toBeTruthy();
    expect(await card.locator('p').textContent()).toBe(brief);
    expect(await card.getByRole('link', { name: /arXiv/ }).getAttribute('href')).toBe(
      'https://arxiv.org/abs/1806.07572',
    );
  });

  it('keeps the card open while the pointer is on it, so its links can be clicked, and closes it after leaving', async () => {
    await page.goto(site.url('notes/infinite-width-limits/'));
    const cite = page.locator('.note-body a.citation[data-cite="jacot2018neural"]').first();
    await cite.hover();
    const card = page.getByRole('tooltip');
    await card.waitFor({ timeout: 5000 });
    // Cross from the link onto the card in small steps, as a hand does, and stay there.
    const [a, c] = [(await cite.boundingBox())!, (await card.boundingBox())!];
    const link = card.getByRole('link', { name: /arXiv/ });
    const target = (await link.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
    await page.waitForTimeout(1000);
    expect(await card.isVisible()).toBe(true);
    expect(c.width).toBeGreaterThan(0);
    // What is under the pointer is the card's link: a click reaches it.
    expect(
      await page.evaluate(
        ({ x, y }) => (document.elementFromPoint(x, y) as HTMLElement | null)?.closest('a')?.textContent,
        { x: target.x + target.width / 2, y: target.y + target.height / 2 },
      ),
    ).toMatch(/arXiv/);
    await page.mouse.move(5, 5, { steps: 4 });
    await card.waitFor({ state: 'detached', timeout: 3000 });
  });
});

describe('citations and paper pages', () => {
  it('follows a citation to its paper page and back to the note through "Cited in"', async () => {
    await page.goto(site.url('notes/infinite-width-limits/'));
    const cite = page.locator('.note-body a.citation[data-cite="jacot2018neural"]').first();
    expect(await cite.textContent()).toMatch(/^Jacot et al\.,? \(?2018\)?$/);
    await cite.click();
    await page.waitForURL(/\/papers\/jacot2018neural\/$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Neural Tangent Kernel/);
    expect(await page.getByRole('link', { name: /arXiv:1806\.07572/ }).getAttribute('href')).toBe(
      'https://arxiv.org/abs/1806.07572',
    );
    expect(await page.locator('#bibtex-jacot2018neural').textContent()).toMatch(/^@\w+\{jacot2018neural,/);
    const citedIn = page.locator('section[aria-labelledby="cited-in"]');
    const back = citedIn.getByRole('link', { name: /Infinite-width limits/ });
    expect(await citedIn.locator('.context mark').count()).toBeGreaterThan(0);
    await back.click();
    // "Cited in" lands on the citation itself (here in a theorem's heading), in view, highlighted.
    await page.waitForURL(/\/notes\/infinite-width-limits\/#cite-jacot2018neural-1$/);
    const landed = page.locator('#cite-jacot2018neural-1');
    expect(await landed.evaluate((e) => e.matches('a.citation:target'))).toBe(true);
    const inView = () =>
      landed.evaluate((e) => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= innerHeight);
    await expect.poll(inView).toBe(true);
    const cited = await citedSentence(page, 'cite-jacot2018neural-1');
    expect(cited.hasCite).toBe(true);
  });

  it('"Cited in" highlights the citing sentence, the one the paper page quotes, not the whole paragraph', async () => {
    await page.goto(site.url('papers/chizat2019lazy/'));
    const entry = page.locator('section[aria-labelledby="cited-in"] li', {
      has: page.getByRole('link', { name: /Kernel and rich regimes/i }),
    });
    const quoted = (await entry.locator('.context').first().innerText()).replace(/\s+/g, ' ').trim();
    await entry.getByRole('link', { name: /Kernel and rich regimes/i }).click();
    await page.waitForURL(/#cite-chizat2019lazy-1$/);
    const { sentence, block, hasCite } = await citedSentence(page, 'cite-chizat2019lazy-1');
    expect(hasCite).toBe(true);
    expect(sentence.length).toBeLessThan(block.length);
    expect(sentence).toMatch(
      /^Chizat et al\. \(2019\) showed that lazy training is not specific to neural networks\.$/,
    );
    expect(quoted).toContain('lazy training is not specific to neural networks');
    await page.screenshot({ path: '.scratch/cited-sentence.png' }).catch(() => undefined);
  });

  it('sorts the papers index by year and by first author, and filters it by tag', async () => {
    await page.goto(site.url('papers/'));
    const years = async () =>
      page
        .locator('[data-paper-list] li:not([hidden])')
        .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.year)));
    await page.getByLabel('Sort by').selectOption('year-asc');
    const asc = await years();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await page.getByLabel('Sort by').selectOption('author');
    const authors = await page
      .locator('[data-paper-list] li')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.author ?? ''));
    expect(authors).toEqual([...authors].sort((a, b) => a.localeCompare(b)));
    await page.getByLabel('Tag').selectOption('infinite-width');
    const shown = await page
      .locator('[data-paper-list] li:not([hidden])')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tags ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((t) => t.split(' ').includes('infinite-width'))).toBe(true);
    expect(await page.locator('main').getByRole('status').textContent()).toBe(
      `${shown.length} paper${shown.length === 1 ? '' : 's'}`,
    );
  });
});

describe('the map', () => {
  it('draws every note as a link without JavaScript, and a node opens its note', async () => {
    const noScript = await browser.browser()?.newContext({ javaScriptEnabled: false });
    const p = noScript ? await noScript.newPage() : page;
    await p.goto(site.url('map/'));
    const nodes = p.locator('figure.map svg a.node');
    expect(await nodes.count()).toBeGreaterThanOrEqual(30);
    expect(await p.locator('figure.map svg line.edge').count()).toBeGreaterThan(30);
    await p
      .locator('figure.map svg a.node:has(title:text-is("Saddle points and the Polyak–Łojasiewicz condition"))')
      .click();
    await p.waitForURL(/\/notes\/saddles-and-pl-condition\/$/);
    await noScript?.close();
  });

  it("shows a note's neighbourhood on the note page", async () => {
    await page.goto(site.url('notes/infinite-width-limits/'));
    const mini = page.locator('section.neighbourhood svg a.node');
    expect(await mini.count()).toBeGreaterThan(2);
    expect(await page.locator('section.neighbourhood a.node.current').textContent()).toMatch(/Infinite-width limits/);
  });
});
