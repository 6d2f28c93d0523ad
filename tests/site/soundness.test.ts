import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSite, openSite } from '../helpers/browser.ts';
import type { SiteServer } from '../helpers/serve.ts';
import { htmlFiles, validateSite } from '../helpers/validate-html.ts';

const siteDir = inject('siteDir');
// Runs on a worker thread while the other tests of this file run; its test, last, waits for it.
const validation = validateSite(siteDir);
validation.catch(() => {});
/** One page of every type, for the checks that run in a browser. */
const pageTypes = [
  '',
  'notes/implicit-deep-learning/',
  'notes/deep-learning-theory/',
  'papers/',
  'papers/jacot2018neural/',
  'authors/',
  'authors/arthur-jacot/',
  'authors/samuel-s-schoenholz/',
  'tags/',
  'tags/kernel-methods/',
  'search/',
  'map/',
  'offline/',
  'reading-offline/',
  'no-such-page/',
];

/** The ids of a page and the URLs it links to or loads, read with a tag scanner. */
function scan(html: string): { ids: Set<string>; refs: string[] } {
  const ids = new Set<string>();
  const refs: string[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)\b([^>]*)>/g)) {
    const attrs = m[2];
    const id = /\sid="([^"]*)"/.exec(attrs)?.[1];
    if (id) ids.add(id);
    for (const a of attrs.matchAll(/\s(href|src)="([^"]*)"/g)) refs.push(a[2].replace(/&amp;/g, '&'));
  }
  return { ids, refs };
}

describe('every internal link and fragment resolves', () => {
  it('finds the target file and the #fragment for every href and src on every page', async () => {
    const files = await htmlFiles(siteDir);
    const pages = new Map<string, Set<string>>();
    const refsByPage = new Map<string, string[]>();
    for (const f of files) {
      const { ids, refs } = scan(await readFile(join(siteDir, f), 'utf8'));
      pages.set(f, ids);
      refsByPage.set(f, refs);
    }
    const all = new Set(
      (await readdir(siteDir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => posix.relative(siteDir, join(e.parentPath, e.name))),
    );
    const broken: string[] = [];
    for (const [page, refs] of refsByPage) {
      const pageUrl = `/${page.replace(/index\.html$/, '')}`;
      for (const ref of new Set(refs)) {
        if (/^(https?:|mailto:|data:|blob:)/.test(ref)) continue;
        const url = new URL(ref, `http://site${pageUrl}`);
        let file = decodeURIComponent(url.pathname).slice(1);
        if (file === '' || file.endsWith('/')) file += 'index.html';
        if (!all.has(file)) {
          broken.push(`${page}: ${ref} (no ${file})`);
          continue;
        }
        const fragment = decodeURIComponent(url.hash.slice(1));
        if (fragment && file.endsWith('.html') && !pages.get(file)?.has(fragment))
          broken.push(`${page}: ${ref} (no #${fragment} in ${file})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('in Chromium', () => {
  let site: SiteServer;
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ site, browser, page } = await openSite(siteDir));
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
  });
  afterAll(() => closeSite({ site, browser }));

  it('has no accessibility violations (axe, WCAG 2.1 AA) on any page type, light or dark', async () => {
    const violations: string[] = [];
    // Every WCAG rule in the light theme; in the dark one only the rules colours decide, since the
    // themes differ in colours alone (the other rules would run twice on the same markup).
    const rules = {
      light: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      dark: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] },
    } as const;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of pageTypes) {
        await page.goto(site.url(path), { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        // Evaluated through the DevTools protocol: the page's own CSP (rightly) refuses inline scripts.
        await page.evaluate(axe.source);
        const results = await page.evaluate(
          (runOnly) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly }),
          { type: rules[scheme].type, values: [...rules[scheme].values] },
        );
        for (const v of results.violations)
          violations.push(
            `${scheme} /${path}: ${v.id} (${v.impact}) ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
          );
      }
    }
    expect(violations).toEqual([]);
  }, 300_000);

  it('sets a strict Content-Security-Policy and no page, search or preview violates it', async () => {
    const violations: string[] = [];
    for (const path of pageTypes) {
      const response = await page.goto(site.url(path), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
      expect(csp, path).toMatch(/default-src 'self'/);
      expect(csp, path).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(response?.status(), path).toBeLessThan(path === 'no-such-page/' ? 500 : 400);
      if (path === 'notes/deep-learning-theory/') {
        await page.locator('.note-body a.wikilink').first().focus();
        await page.getByRole('tooltip').waitFor();
        await page.keyboard.press('/');
        await page.locator('pagefind-modal input').first().fill('kernel');
        await page.locator('pagefind-modal a').first().waitFor({ timeout: 15_000 });
      }
      violations.push(
        ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).map((v) => `/${path}: ${v}`),
      );
    }
    expect(violations).toEqual([]);
  });
});

describe('every page is valid HTML', () => {
  it('passes html-validate (recommended rules) on every page', async () => {
    expect((await validation).slice(0, 30)).toEqual([]);
  }, 300_000);
});
