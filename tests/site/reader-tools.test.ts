import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from '@retorquere/bibtex-parser';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseBibliography } from '../../src/lib/bibtex.ts';
import { chromiumArgs, chromiumPath, closeSite, launchBrowser, openSite } from '../helpers/browser.ts';
import type { SiteServer } from '../helpers/serve.ts';

const siteDir = inject('siteDir');
let site: SiteServer;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => ({ site, browser, page } = await openSite(siteDir)));
afterAll(() => closeSite({ site, browser }));

/** The papers of the real bibliography, as the project's parser reads them. */
async function realPapers() {
  return parseBibliography(await readFile('content/references.bib', 'utf8'), 'content/references.bib').papers;
}

describe('author pages', () => {
  it('opens from an author name on a paper page and lists the paper and the notes that cite it; the index lists the author', async () => {
    await page.goto(site.url('papers/jacot2018neural/'));
    await page.locator('.paper-ref').getByRole('link', { name: 'Arthur Jacot' }).click();
    await page.waitForURL(/\/authors\/arthur-jacot\/$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Arthur Jacot');
    const papers = page.locator('section[aria-labelledby="author-papers"]');
    expect(await papers.getByRole('link', { name: /^Neural Tangent Kernel: Convergence/ }).getAttribute('href')).toBe(
      '/papers/jacot2018neural/',
    );
    const notes = page.locator('section[aria-labelledby="author-notes"]');
    await notes.getByRole('link', { name: /^Infinite-width limits/ }).click();
    await page.waitForURL(/\/notes\/infinite-width-limits\/$/);
    await page.goto(site.url('papers/jacot2018neural/'));
    await page.locator('.paper-ref').getByRole('link', { name: 'Franck Gabriel' }).click();
    await page.waitForURL(/\/authors\/franck-gabriel\/$/);
    expect(
      await page
        .locator('section[aria-labelledby="author-coauthors"]')
        .getByRole('link', { name: 'Arthur Jacot' })
        .count(),
    ).toBe(1);

    await page.goto(site.url('authors/'));
    const j = page
      .locator('section.author-letter')
      .filter({ has: page.getByRole('heading', { level: 2, name: 'J', exact: true }) });
    expect(await j.getByRole('link', { name: 'Jacot, Arthur' }).getAttribute('href')).toBe('/authors/arthur-jacot/');
    await page.getByRole('navigation', { name: 'Letters' }).getByRole('link', { name: 'J', exact: true }).click();
    await page.waitForURL(/#letter-j$/);
  });

  it('gives Sam S. and Samuel S. Schoenholz, one person spelled two ways, one page under the fullest name', async () => {
    for (const [paper, written] of [
      ['bahri2020statistical', 'Sam S. Schoenholz'],
      ['lee2018deep', 'Samuel S. Schoenholz'],
    ]) {
      await page.goto(site.url(`papers/${paper}/`));
      expect(await page.locator('.paper-ref').getByRole('link', { name: written }).getAttribute('href'), paper).toBe(
        '/authors/samuel-s-schoenholz/',
      );
    }
    await page.goto(site.url('authors/samuel-s-schoenholz/'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Samuel S. Schoenholz');
    expect(await page.locator('.aliases').textContent()).toBe('Also written: Schoenholz, Sam S.');
    const listed = await page
      .locator('section[aria-labelledby="author-papers"] a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(listed).toEqual(expect.arrayContaining(['/papers/bahri2020statistical/', '/papers/lee2018deep/']));
  });

  it('are found by name in search', async () => {
    await page.goto(site.url());
    await page.keyboard.press('/');
    await page.locator('pagefind-modal input').first().fill('Schoenholz');
    const hit = page.locator('pagefind-modal a').filter({ hasText: 'Samuel Schoenholz' }).first();
    await hit.waitFor({ timeout: 15_000 });
    expect(await hit.getAttribute('href')).toMatch(/\/authors\/samuel-s-schoenholz\/$/);
  });
});

describe('cite and export', () => {
  it("downloads a note's references as BibTeX that the project parser reads back to the references listed, in order", async () => {
    await page.goto(site.url('notes/saddles-and-pl-condition/'));
    const listed = await page
      .locator('ol.references > li')
      .evaluateAll((lis) =>
        lis.map((li) => ({ key: li.id.replace(/^ref-/, ''), title: li.querySelector('.ref-title')?.textContent })),
      );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the references of this note (.bib)' }).click(),
    ]);
    const text = await readFile((await download.path()) as string, 'utf8');
    const { papers, problems } = parseBibliography(text, 'saddles.bib');
    expect(problems).toEqual([]);
    expect(papers.map((p) => ({ key: p.key, title: p.title }))).toEqual(listed);
  });

  it('serves the whole bibliography as BibTeX that parses back to every paper', async () => {
    await page.goto(site.url('papers/'));
    const href = await page.getByRole('link', { name: 'Download the whole bibliography (.bib)' }).getAttribute('href');
    const text = await page.evaluate(async (url) => (await fetch(url)).text(), href as string);
    const { papers, problems } = parseBibliography(text, 'references.bib');
    expect(problems).toEqual([]);
    const real = await realPapers();
    const byKey = (list: { key: string; title: string; year: number }[]) =>
      list.map((p) => ({ key: p.key, title: p.title, year: p.year })).sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(papers)).toEqual(byKey(real));
  });

  it('opens "Cite this note" on BibTeX with the note\'s title and canonical address, and copies it', async () => {
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    await page.goto(site.url('notes/saddles-and-pl-condition/'));
    const title = await page.getByRole('heading', { level: 1 }).textContent();
    const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
    const bibtex = page.locator('#cite-bibtex');
    expect(await bibtex.isVisible()).toBe(false);
    await page.getByText('Cite this note', { exact: true }).click();
    expect(await bibtex.isVisible()).toBe(true);
    const [entry] = parse((await bibtex.textContent()) as string, { sentenceCase: false, english: false }).entries;
    expect([entry.fields.title, entry.fields.url, entry.fields.note]).toEqual([
      title,
      canonical,
      'Deep-learning theory knowledge base',
    ]);
    expect(await page.locator('.cite-note p').first().textContent()).toContain(
      `${title}. Deep-learning theory knowledge base`,
    );
    await page.locator('.cite-note').getByRole('button', { name: 'Copy BibTeX' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await bibtex.textContent());
  });
});

/** Checks the timeline as a reader sees it, with or without JavaScript. */
async function checkTimeline(p: Page, papers: number): Promise<void> {
  await p.goto(site.url('papers/'));
  // Chromium puts a space between the flex items of a link's name: "2018 : 49 papers".
  const bars = p.getByRole('list').filter({ has: p.getByRole('link', { name: /^2018\s*:\s*\d+ papers$/ }) });
  const counts = await bars.getByRole('link').evaluateAll((as) =>
    as.map((a) =>
      /^(\d{4}): (\d+) papers?$/
        .exec(a.textContent?.replace(/\s+/g, ' ').trim() ?? '')
        ?.slice(1)
        .map(Number),
    ),
  );
  expect(counts.length).toBeGreaterThan(30);
  expect(counts.every((c) => c !== undefined)).toBe(true);
  expect(counts.reduce((sum, c) => sum + (c as number[])[1], 0)).toBe(papers);
  const [, in2018] = counts.find((c) => c?.[0] === 2018) as number[];
  await bars.getByRole('link', { name: /^2018\s*:/ }).click();
  await p.waitForURL(/#year-2018$/);
  const group = p.locator('#year-2018');
  expect(await group.isVisible()).toBe(true);
  expect(await group.getByRole('heading', { level: 2 }).textContent()).toBe(`2018 ${in2018} papers`);
  expect(await group.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-year')))).toEqual(
    new Array(in2018).fill('2018'),
  );
}

describe('the timeline of the papers index', () => {
  it('has a bar per year whose counts add up to every paper, each a link to its year, with JavaScript', async () => {
    await checkTimeline(page, (await realPapers()).length);
    // Sorted by first author the year groups are gone; a bar brings them back.
    await page.getByLabel('Sort by').selectOption('author');
    expect(await page.locator('#year-2019').isVisible()).toBe(false);
    await page.getByRole('link', { name: /^2019\s*:/ }).click();
    await page.waitForURL(/#year-2019$/);
    expect(await page.locator('#year-2019').isVisible()).toBe(true);
  });

  it('works the same without JavaScript', async () => {
    let plain: Browser | undefined;
    try {
      plain = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
      const context = await plain.newContext({ javaScriptEnabled: false });
      const p = await context.newPage();
      await checkTimeline(p, (await realPapers()).length);
      // The sort and filter controls are shown by the script: still hidden proves it never ran.
      expect(await p.locator('[data-paper-controls]').isHidden()).toBe(true);
    } finally {
      await plain?.close();
    }
  });
});

describe('offline', () => {
  it('lists the author pages among the files "Save the whole site" fetches', async () => {
    const manifest = JSON.parse(await readFile(join(siteDir, 'offline-manifest.json'), 'utf8')) as {
      files: [string][];
    };
    const paths = manifest.files.map(([path]) => path);
    expect(paths).toContain('authors/arthur-jacot/');
    expect(paths).toContain('authors/');
  });

  it('opens author pages and the .bib files in the file:// copy', async () => {
    const dir = inject('offlineDir');
    const context = await launchBrowser();
    try {
      const p = context.pages()[0] ?? (await context.newPage());
      await p.goto(pathToFileURL(join(dir, 'papers/jacot2018neural/index.html')).href);
      await p.locator('.paper-ref').getByRole('link', { name: 'Arthur Jacot' }).click();
      await p.waitForURL(/authors\/arthur-jacot\/index\.html$/);
      await p.getByRole('link', { name: /^Neural Tangent Kernel: Convergence/ }).click();
      await p.waitForURL(/papers\/jacot2018neural\/index\.html$/);
      await p.goto(pathToFileURL(join(dir, 'notes/saddles-and-pl-condition/index.html')).href);
      const href = await p
        .getByRole('link', { name: 'Download the references of this note (.bib)' })
        .getAttribute('href');
      expect(href).toBe('references.bib');
      const { papers } = parseBibliography(
        await readFile(join(dir, 'notes/saddles-and-pl-condition/references.bib'), 'utf8'),
        'x.bib',
      );
      expect(papers.length).toBe(await p.locator('ol.references > li').count());
    } finally {
      await context.close();
    }
  });
});
