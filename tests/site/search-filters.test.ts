import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, openSite } from '../helpers/browser.ts';
import type { SiteServer } from '../helpers/serve.ts';

/**
 * Search results that say what they are, and the search page's filters (kind, tag, year range),
 * kept in the address: src/lib/search-labels.ts, src/lib/search-facets.ts, src/scripts/search-page.ts.
 */

let site: SiteServer;
let browser: BrowserContext;
let page: Page;
beforeAll(async () => {
  ({ site, browser, page } = await openSite(inject('siteDir'), { serviceWorkers: 'block' }));
});
afterAll(() => closeSite({ site, browser }));

/** Opens the search page at `query` (`q=…&kind=…`) and waits until its results (or their absence) are shown. */
async function open(query: string): Promise<void> {
  await page.goto(site.url(`search/?${query}`));
  await settle();
}

/** Waits for the current search to finish and its first results to render. */
async function settle(): Promise<void> {
  const summary = page.locator('pagefind-summary');
  await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(/results? for|No results/);
  await page.waitForFunction(() => document.querySelector('pagefind-results ul')?.getAttribute('aria-busy') !== 'true');
  if (/No results/.test((await summary.textContent()) ?? '')) return;
  await page.locator('pagefind-results .pf-result-link').first().waitFor({ timeout: 15_000 });
}

/**
 * Every result of the current search with the filters its page carries, read through the search
 * UI's own instance (the list shows only what is scrolled into view; this is all of it).
 */
async function allResults(): Promise<{ url: string; kind: string[]; year: string[]; tag: string[] }[]> {
  return page.evaluate(`(async () => {
    const instance = window.PagefindComponents.getInstanceManager().getInstance('default');
    const data = await Promise.all(instance.searchResult.results.map((r) => r.data()));
    const f = (d, name) => d.filters[name] ?? [];
    return data.map((d) => ({ url: d.url, kind: f(d, 'kind'), year: f(d, 'year'), tag: f(d, 'tag') }));
  })()`);
}

/** The Pagefind dropdown of a filter, and its button. */
const trigger = (filter: string) => page.locator(`pagefind-filter-dropdown[filter="${filter}"] .pf-dropdown-trigger`);

/** What a labelled match may be called. */
const PART_KINDS = 'Theorem|Lemma|Proposition|Corollary|Definition|Assumption|Example|Remark';

/** The address's query, as parameters. */
const params = () => new URL(page.url()).searchParams;

/** The number in the summary ("46 results for kernel"). */
async function count(): Promise<number> {
  const text = (await page.locator('pagefind-summary').textContent()) ?? '';
  return /No results/.test(text) ? 0 : Number(/(\d+) results? for/.exec(text)?.[1]);
}

describe('search results say what they are', () => {
  it('labels notes and papers, with the venue and year of a paper', async () => {
    await open('q=neural%20tangent%20kernel');
    const cards = page.locator('pagefind-results > ul > li.pf-result');
    const note = cards.filter({ has: page.locator('.pf-result-link .search-kind', { hasText: /^Note$/ }) }).first();
    await note.waitFor();
    expect(await note.locator('.pf-result-link').textContent()).toMatch(/^Note\s+Infinite-width limits/);
    const title = page.locator('.pf-result-link', { hasText: 'Neural Tangent Kernel: Convergence' });
    const paper = cards.filter({ has: title }).first();
    await paper.waitFor();
    expect(await paper.locator('.search-kind').first().textContent()).toBe('Paper');
    const context = paper.locator('.search-context span');
    const venue = 'Advances in Neural Information Processing Systems (NeurIPS)';
    expect(await context.allTextContents()).toEqual(['Jacot et al.', venue, '2018']);
    // Separated by " · " (drawn by the stylesheet between the parts a page has).
    expect(await context.nth(1).evaluate((el) => getComputedStyle(el, '::before').content)).toBe('" · "');
    // Both labels are visible, not only present.
    expect(await note.locator('.search-kind').first().isVisible()).toBe(true);
    expect(await paper.locator('.search-kind').first().isVisible()).toBe(true);
  });

  it('labels the matches inside a note: results by their kind, other headings as sections', async () => {
    await open('q=neural%20tangent%20kernel');
    const parts = page.locator('pagefind-results .search-parts .pf-heading-link');
    await parts.first().waitFor();
    const labelled = await parts.evaluateAll((links) =>
      links.map((a) => [a.querySelector('.search-kind')?.textContent, a.textContent?.replace(/\s+/g, ' ').trim()]),
    );
    expect(labelled.length).toBeGreaterThan(2);
    for (const [kind, text] of labelled) {
      expect(kind, text).toMatch(new RegExp(`^(${PART_KINDS}|Section)$`));
      // "Theorem 4 — The NTK stays constant…" is labelled Theorem; a plain heading is a Section.
      const named = new RegExp(`^\\S+ (${PART_KINDS}) \\d+`).exec(text ?? '');
      expect(kind, text).toBe(named ? named[1] : 'Section');
    }
    expect(labelled.map(([kind]) => kind)).toContain('Theorem');
  });

  it('labels results in the search dialog too', async () => {
    await page.goto(site.url('notes/grokking/'));
    await page.keyboard.press('/');
    await page.locator('pagefind-modal input').first().fill('Jacot');
    const badge = page.locator('pagefind-modal .pf-result-link .search-kind').first();
    await badge.waitFor({ timeout: 15_000 });
    expect(await page.locator('pagefind-modal .pf-result-link .search-kind').allTextContents()).toContain('Paper');
  });
});

describe('search filters', () => {
  it('choosing the kind Paper leaves only papers and puts kind=paper in the address', async () => {
    await open('q=kernel');
    const before = await allResults();
    expect(new Set(before.flatMap((r) => r.kind))).toEqual(new Set(['Note', 'Paper', 'Tag', 'Index']));
    await trigger('kind').click();
    await page.locator('pagefind-filter-dropdown[filter="kind"] [role="option"][data-value="Paper"]').click();
    await expect.poll(() => params().get('kind')).toBe('paper');
    await settle();
    const after = await allResults();
    expect(after.length).toBe(before.filter((r) => r.kind.includes('Paper')).length);
    expect(after.every((r) => r.kind.join() === 'Paper')).toBe(true);
    expect(await count()).toBe(after.length);
    const shown = await page.locator('pagefind-results .pf-result-link .search-kind').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(['Paper']));
    expect(params().get('q')).toBe('kernel');
  });

  it('is usable from the keyboard', async () => {
    await open('q=kernel');
    await trigger('kind').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('P');
    await page.keyboard.press('Enter');
    await expect.poll(() => params().get('kind')).toBe('paper');
    // The year range: labelled selects, changed with the arrow keys.
    const from = page.locator('select[name="from"]');
    const label = (el: HTMLSelectElement) => el.labels[0]?.textContent?.trim();
    expect(await from.evaluate(label)).toMatch(/^from/);
    expect(await page.locator('select[name="to"]').evaluate(label)).toMatch(/^to/);
    await from.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => params().get('from')).toBe(await from.inputValue());
    expect(params().get('from')).toMatch(/^\d{4}$/);
  });

  it('applies a deep link with filters on load, and shows them chosen', async () => {
    await open('q=kernel&kind=paper&tag=kernel-methods');
    const results = await allResults();
    expect(results.length).toBeGreaterThan(2);
    for (const r of results) {
      expect(r.kind, r.url).toEqual(['Paper']);
      expect(r.tag, r.url).toContain('Kernel methods');
      // The page really has the tag (the filter comes from its HTML).
      const html = readFileSync(join(inject('siteDir'), r.url, 'index.html'), 'utf8');
      expect(html, r.url).toContain('data-pagefind-filter="tag:Kernel methods"');
    }
    expect(await trigger('kind').getAttribute('aria-label')).toBe('Kind, 1 filter selected');
    expect(await trigger('tag').getAttribute('aria-label')).toBe('Tags, 1 filter selected');
    expect(params().getAll('tag')).toEqual(['kernel-methods']);
  });

  it('narrows by a range of years, from the selects and from the address', async () => {
    await open('q=kernel&kind=paper');
    const all = await allResults();
    const inRange = all.filter((r) => r.year.some((y) => Number(y) >= 2018 && Number(y) <= 2020));
    expect(inRange.length).toBeGreaterThan(0);
    expect(inRange.length).toBeLessThan(all.length);
    await page.locator('select[name="from"]').selectOption('2018');
    await page.locator('select[name="to"]').selectOption('2020');
    await expect.poll(() => `${params().get('from')}-${params().get('to')}`).toBe('2018-2020');
    await settle();
    const narrowed = await allResults();
    expect(narrowed.map((r) => r.url).sort()).toEqual(inRange.map((r) => r.url).sort());
    expect(params().get('kind')).toBe('paper');
    // The same search from its address, and a range given the wrong way round.
    await open('q=kernel&kind=paper&from=2020&to=2018');
    expect((await allResults()).map((r) => r.url).sort()).toEqual(inRange.map((r) => r.url).sort());
    expect(await page.locator('select[name="from"]').inputValue()).toBe('2020');
    // Only a start: every year from then on.
    await open('q=kernel&kind=paper&from=2021');
    const since = await allResults();
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((r) => r.year.some((y) => Number(y) >= 2021))).toBe(true);
  });

  it('says when the filters are why nothing is found, and clears them', async () => {
    await open('q=lottery%20ticket&kind=author');
    expect(await count()).toBe(0);
    const notice = page.locator('.search-filtered');
    await notice.waitFor({ timeout: 15_000 });
    const said = /^No results for “lottery ticket” with these filters \(\d+ without them\)\.$/;
    expect(await notice.locator('p').textContent()).toMatch(said);
    // The query finds things without its filters, so no "did you mean".
    expect(await page.locator('.search-suggestions').count()).toBe(0);
    await notice.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.url()).toMatch(/\/search\/\?q=lottery\+ticket$/);
    await settle();
    expect(await count()).toBeGreaterThan(0);
    expect(await page.locator('.search-filtered').count()).toBe(0);
    expect(await trigger('kind').getAttribute('aria-label')).toBeNull();
  });

  it('clears the year range with the other filters, and a range no page has finds nothing', async () => {
    await open('q=kernel&from=1700&to=1710');
    expect(await count()).toBe(0);
    await page.locator('.search-filtered').waitFor({ timeout: 15_000 });
    expect(await page.locator('select[name="from"]').inputValue()).toBe('1700');
    await page.locator('.search-clear-filters').click();
    await expect.poll(() => params().toString()).toBe('q=kernel');
    expect(await page.locator('select[name="from"]').inputValue()).toBe('');
    expect(await page.locator('select[name="to"]').inputValue()).toBe('');
  });

  it('keeps what is typed in the address', async () => {
    await page.goto(site.url('search/?kind=note'));
    // Nothing is searched without a query; the kind is shown chosen once Pagefind has loaded.
    const chosen = () => trigger('kind').getAttribute('aria-label');
    await expect.poll(chosen, { timeout: 15_000 }).toBe('Kind, 1 filter selected');
    await page.locator('pagefind-input input').fill('grokking');
    await expect.poll(() => params().toString()).toBe('q=grokking&kind=note');
    await settle();
    expect(new Set((await allResults()).flatMap((r) => r.kind))).toEqual(new Set(['Note']));
  });

  it('hides the filters without JavaScript (they need Pagefind)', () => {
    const html = readFileSync(join(inject('siteDir'), 'search/index.html'), 'utf8');
    expect(html).toMatch(/<div class="search-filters"[^>]*\shidden[\s>]/);
  });
});
