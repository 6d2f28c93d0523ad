import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assignBundles } from '../../src/cli/pagefind-index.ts';
import { siteFiles } from '../../src/cli/site-files.ts';
import { SEARCH_RANKING } from '../../src/lib/search-config.ts';
import { closeSite, launchBrowser, openSite } from '../helpers/browser.ts';
import { buildEnv } from '../helpers/build.ts';
import { serveSite, type SiteServer } from '../helpers/serve.ts';

const root = resolve(import.meta.dirname, '../..');

/** What readers type, and the note that must be among the first three results. */
const QUERIES: [string, string][] = [
  ['NTK', 'infinite-width-limits'],
  ['neural tangent kernel', 'infinite-width-limits'],
  ['Gaussian process limit', 'infinite-width-limits'],
  ['PL condition', 'saddles-and-pl-condition'],
  ['Polyak Lojasiewicz', 'saddles-and-pl-condition'],
  ['saddle points', 'saddles-and-pl-condition'],
  ['min-norm solution', 'early-stopping-and-ridge'],
  ['early stopping ridge', 'early-stopping-and-ridge'],
  ['implicit bias gradient descent', 'implicit-regularization'],
  ['max margin logistic', 'implicit-regularization'],
  ['lazy training', 'kernel-and-rich-regimes'],
  ['HSIC bottleneck', 'kernel-and-rich-regimes'],
  ['universal approximation', 'expressiveness'],
  ['depth separation', 'expressiveness'],
  ['Johnson Lindenstrauss', 'random-projections'],
  ['random features', 'random-projections'],
  ['lottery ticket', 'lottery-tickets'],
  ['double descent', 'double-descent'],
  ['spin glass', 'statistical-mechanics'],
  ['Noether symmetry', 'neural-mechanics'],
  ['lifted networks', 'implicit-deep-learning'],
  ['deep equilibrium', 'implicit-deep-learning'],
  ['Wasserstein robustness', 'robust-optimization'],
  ['group DRO', 'distributionally-robust-optimization'],
  ['gradual self-training', 'domain-adaptation'],
  ['threat model', 'adversarial-examples'],
  ['interval bound propagation', 'certified-robustness'],
  ['convex barrier', 'certified-robustness'],
  ['robust self-training', 'robustness-accuracy-tradeoff'],
  ['filter normalization', 'loss-landscape-visualization'],
  ['SVCCA', 'comparing-representations'],
  ['CKA', 'comparing-representations'],
  ['AdamW', 'adam-vs-sgd'],
  ['secret sharer', 'memorization'],
  ['Bayes by backprop', 'probabilistic-inference'],
  ['DARTS', 'architecture-search'],
  ['AdaBoost', 'bagging-and-boosting'],
  ['spectral bias', 'semantic-biases'],
  ['level sets composition', 'functional-approximation'],
  ['information bottleneck', 'misc-theoretical-areas'],
  ['diffusion maps', 'analysis-tools'],
  ['nearest neighbor', 'nearest-neighbor-comparisons'],
  ['off convex', 'deep-learning-theory'],
  // The field since 2020.
  ['edge of stability', 'edge-of-stability'],
  ['progressive sharpening', 'edge-of-stability'],
  ['self-stabilization', 'edge-of-stability'],
  ['catapult phase', 'catapult-phase'],
  ['stochastic modified equation', 'sgd-as-sde'],
  ['linear scaling rule', 'sgd-as-sde'],
  ['label noise SGD', 'label-noise-sgd'],
  ['sharpness-aware minimization', 'sharpness-and-sam'],
  ['flat minima', 'sharpness-and-sam'],
  ['Principles of Deep Learning Theory', 'finite-width-effective-theory'],
  ['effective learning rate', 'normalization-and-weight-decay'],
  ['batch normalization scale invariance', 'normalization-and-weight-decay'],
  ['mean-field two-layer', 'mean-field-two-layer'],
  ['Wasserstein gradient flow', 'mean-field-two-layer'],
  ['muP', 'mup-hyperparameter-transfer'],
  ['hyperparameter transfer', 'mup-hyperparameter-transfer'],
  ['maximal update parametrization', 'mup-hyperparameter-transfer'],
  ['tensor programs', 'tensor-programs'],
  ['deep linear network', 'deep-linear-networks'],
  ['saddle-to-saddle', 'saddle-to-saddle'],
  ['incremental learning', 'saddle-to-saddle'],
  ['dynamical isometry', 'signal-propagation'],
  ['benign overfitting', 'benign-overfitting'],
  ['tempered overfitting', 'benign-overfitting'],
  ['Rademacher complexity', 'rademacher-and-norm-bounds'],
  ['spectrally normalized margin bound', 'rademacher-and-norm-bounds'],
  ['PAC-Bayes', 'pac-bayes-and-compression'],
  ['non-vacuous bound', 'pac-bayes-and-compression'],
  ['uniform convergence', 'uniform-convergence-failure'],
  ['algorithmic stability', 'algorithmic-stability'],
  ['neural collapse', 'neural-collapse'],
  ['simplex equiangular tight frame', 'neural-collapse'],
  ['scaling laws', 'scaling-laws'],
  ['Chinchilla', 'scaling-laws'],
  ['compute-optimal', 'scaling-laws'],
  ['resolution-limited scaling', 'solvable-scaling-models'],
  ['grokking', 'grokking'],
  ['modular addition', 'grokking'],
  ['iterative magnitude pruning', 'lottery-tickets'],
  ['induction heads', 'induction-heads'],
  ['superposition', 'induction-heads'],
  ['in-context learning', 'in-context-learning'],
  ['linear self-attention gradient step', 'in-context-learning'],
  ['transformer expressivity', 'transformer-expressivity'],
  ['chain of thought', 'transformer-expressivity'],
  ['information exponent', 'single-index-models'],
  ['single-index model', 'single-index-models'],
  ['feature learning one gradient step', 'one-step-feature-learning'],
  ['leap complexity', 'staircase-and-leap-complexity'],
  ['merged staircase', 'staircase-and-leap-complexity'],
  ['statistical query', 'computational-statistical-gaps'],
];

/**
 * Runs Pagefind's own search API in the page, over every bundle. Passed as a string: Vitest would otherwise rewrite
 * the dynamic import() inside the function before Playwright sends it to the browser.
 */
async function searchTop(
  page: Page,
  queries: string[],
  n: number,
): Promise<Record<string, { url: string; excerpt: string }[]>> {
  return page.evaluate(`(async () => {
    const pagefind = await import(location.origin + '/pagefind/pagefind.js');
    await pagefind.options({ ranking: ${JSON.stringify(SEARCH_RANKING)} });
    // The other bundles of the site, merged as the search page does.
    const { merge } = await (await fetch(location.origin + '/pagefind/bundles.json')).json();
    for (const path of merge) await pagefind.mergeIndex(location.origin + '/' + path, { baseUrl: '/' });
    await pagefind.init();
    const out = {};
    for (const q of ${JSON.stringify(queries)}) {
      const search = await pagefind.search(q);
      out[q] = await Promise.all(search.results.slice(0, ${n}).map((r) => r.data()));
    }
    return out;
  })()`);
}

let site: SiteServer;
let browser: BrowserContext;
let page: Page;
beforeAll(async () => {
  ({ site, browser, page } = await openSite(inject('siteDir'), { serviceWorkers: 'block' }));
  await page.goto(site.url('search/'));
});
afterAll(() => closeSite({ site, browser }));

describe('search quality', () => {
  it(`returns the expected note in the top three for ${QUERIES.length} reader queries`, async () => {
    const results = await searchTop(
      page,
      QUERIES.map(([q]) => q),
      3,
    );
    const top3 = Object.fromEntries(Object.entries(results).map(([q, rs]) => [q, rs.map((r) => r.url)]));
    const misses = QUERIES.filter(([q, slug]) => !top3[q].includes(`/notes/${slug}/`)).map(
      ([q, slug]) => `"${q}" → expected ${slug}, got ${top3[q].join(', ') || 'nothing'}`,
    );
    expect(misses).toEqual([]);
  });

  it('indexes the words inside formulas (arcsinh appears only in math)', async () => {
    const results = await searchTop(page, ['arcsinh'], 3);
    expect(results.arcsinh.map((r) => r.url)).toContain('/notes/kernel-and-rich-regimes/');
  });

  it('keeps TeX out of result excerpts', async () => {
    const results = await searchTop(page, ['gradient', 'kernel', 'norm'], 8);
    const excerpt = Object.values(results)
      .flat()
      .map((r) => r.excerpt)
      .join(' ');
    expect(excerpt).not.toMatch(/\\(nabla|frac|mathbb|norm|left|right)\b/);
    expect(excerpt).not.toMatch(/katex/);
  });
});

/**
 * Acronyms, notation and nonsense as a reader types them into the search box, through the real UI
 * (src/scripts/search.ts refines Pagefind's ranking): the first result, or nothing at all.
 */
const TYPED: [query: string, first: string | null][] = [
  ['PL', '/notes/saddles-and-pl-condition/'],
  ['muP', '/notes/mup-hyperparameter-transfer/'],
  ['μP', '/notes/mup-hyperparameter-transfer/'],
  ['NTK', '/notes/infinite-width-limits/'],
  ['EoS', '/notes/edge-of-stability/'],
  ['SAM', '/notes/sharpness-and-sam/'],
  ['SDE', '/notes/sgd-as-sde/'],
  ['CKA', '/notes/comparing-representations/'],
  ['DRO', '/notes/distributionally-robust-optimization/'],
  ['SVCCA', '/notes/comparing-representations/'],
  ['iterative magnitude pruning', '/notes/lottery-tickets/'],
  ['Gaussian process limit', '/notes/infinite-width-limits/'],
  ['kernel regime vs rich regime', '/notes/kernel-and-rich-regimes/'],
  ['KL divergence', '/notes/pac-bayes-and-compression/'],
  ['λ ridge', '/notes/early-stopping-and-ridge/'],
  ['‖∇f‖² ≥ μf', '/notes/saddles-and-pl-condition/'],
  ['softmax attention', '/notes/in-context-learning/'],
  ['xyzzyq', null],
  ['qwxzv', null],
  ['asdfgh', null],
  ['zzqqj', null],
];

/** Runs a query through the search page's deep link; returns the summary and the result links. */
async function typed(p: Page, query: string): Promise<{ summary: string; links: string[] }> {
  await p.goto(site.url(`search/?q=${encodeURIComponent(query)}`));
  const summary = p.locator('pagefind-summary');
  await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(/results? for|No results/);
  await p.waitForFunction(() => document.querySelector('pagefind-results ul')?.getAttribute('aria-busy') !== 'true');
  // Results render as each one's data arrives, not in order: wait for the first, or a later one
  // would be read as first.
  if (!/No results/.test((await summary.textContent()) ?? '')) {
    await p.locator('pagefind-results ul > li:first-child a.pf-result-link').waitFor({ timeout: 15_000 });
  }
  const links = await p
    .locator('pagefind-results a.pf-result-link')
    .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return { summary: (await summary.textContent()) ?? '', links };
}

describe('what readers type in the search box', () => {
  it(`gets the first result right for ${TYPED.length} acronym, notation and nonsense queries`, async () => {
    const wrong: string[] = [];
    for (const [query, first] of TYPED) {
      const { summary, links } = await typed(page, query);
      if (first === null ? !/No results/.test(summary) : links[0] !== first)
        wrong.push(`"${query}" → expected ${first ?? 'nothing'}, got ${links.slice(0, 3).join(', ') || summary}`);
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it('finds formulas by their symbols, typed as symbols, TeX or words', async () => {
    for (const query of ['∇f', '\\nabla f', 'nabla f']) {
      const { links } = await typed(page, query);
      expect(links[0], query).toMatch(/^\/notes\//);
      const html = readFileSync(join(inject('siteDir'), links[0], 'index.html'), 'utf8');
      expect(html, `${query} → ${links[0]}`).toMatch(/data-pagefind-meta="math:[^"]*\bnabla\b/);
    }
  });

  it('suggests the nearest titles and aliases when nothing matches', async () => {
    const { summary } = await typed(page, 'lotery tiket');
    expect(summary).toMatch(/No results/);
    const suggestion = page.locator('.search-suggestions a').first();
    expect(await suggestion.textContent()).toBe('lottery ticket');
    await suggestion.click();
    await page.waitForURL(/\/notes\/lottery-tickets\/$/);
  });

  it('opens the first result with Enter, and gives focus back where it was when the dialog closes', async () => {
    await page.goto(site.url('notes/grokking/'));
    const link = page.locator('.note-body a').first();
    await link.focus();
    await page.keyboard.press('/');
    const input = page.locator('pagefind-modal input').first();
    await input.fill('EoS');
    await page.locator('pagefind-modal a.pf-result-link').first().waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(
      await link.getAttribute('href'),
    );
    await page.keyboard.press('/');
    await input.fill('EoS');
    await page.locator('pagefind-modal a.pf-result-link').first().waitFor();
    await input.press('Enter');
    await page.waitForURL(/\/notes\/edge-of-stability\/$/);
  });

  it('shows a readable stand-in where a formula was left out of an excerpt, never a hole', async () => {
    const holes: string[] = [];
    for (const query of ['with probability', 'learning rate', 'converges']) {
      await typed(page, query);
      const excerpts = await page
        .locator('pagefind-results :is(.pf-result-excerpt, .pf-heading-excerpt)')
        .allTextContents();
      expect(excerpts.length, query).toBeGreaterThan(3);
      for (const e of excerpts) if (/\s[,.;:)]|\(\s*\)|\s{2,}/.test(e)) holes.push(`${query}: ${e}`);
    }
    expect(holes).toEqual([]);
  });
});

describe('a site indexed in several bundles (as large sites are)', () => {
  it('finds notes from every bundle through the search dialog', async () => {
    // The site every test reads, indexed again by the build's Pagefind step in bundles of 100 pages.
    const work = mkdtempSync(join(tmpdir(), 'dlt-bundles-'));
    const dist = join(work, 'dist');
    cpSync(inject('siteDir'), dist, { recursive: true, filter: (path) => !/\/pagefind(-\d+)?$/.test(path) });
    const step = spawnSync(process.execPath, ['src/cli/pagefind-step.ts', dist, join(work, 'result.json')], {
      cwd: root,
      env: { ...buildEnv(), DLT_PAGEFIND_BATCH: '100' },
      encoding: 'utf8',
    });
    expect(step.status, `${step.stdout}\n${step.stderr}`).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'result.json'), 'utf8')).bundles).toBeGreaterThanOrEqual(10);
    expect(JSON.parse(readFileSync(join(dist, 'pagefind/bundles.json'), 'utf8')).merge.length).toBeGreaterThanOrEqual(
      2,
    );
    const sub = await serveSite(dist);
    const ctx = await launchBrowser({ serviceWorkers: 'block' });
    try {
      const p = ctx.pages()[0] ?? (await ctx.newPage());
      // Bundles follow the pages' paths (authors, notes, papers, tags): a note and a paper, each found in its own.
      const bundles = assignBundles(await siteFiles(dist).then((f) => f.filter((p) => p.endsWith('.html'))), 100);
      const found: number[] = [];
      for (const [query, title] of [
        ['memorization', 'Memorization in deep networks'],
        ['Identity Crisis', 'Identity Crisis'],
      ]) {
        await p.goto(sub.url(''));
        await p.keyboard.press('/');
        await p.locator('pagefind-modal input').first().fill(query);
        const link = p.locator('pagefind-modal a').filter({ hasText: title }).first();
        await link.waitFor({ timeout: 15_000 });
        const file = `${new URL((await link.getAttribute('href')) ?? '', sub.url('')).pathname.slice(1)}index.html`;
        found.push(bundles.findIndex((b) => b.includes(file)));
      }
      expect(found[0]).toBeGreaterThanOrEqual(0);
      expect(found[1]).toBeGreaterThanOrEqual(0);
      expect(found[0]).not.toBe(found[1]);
    } finally {
      await ctx.close();
      await sub.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
