import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build.ts';
import { corpus, removeCorpora } from '../helpers/corpus.ts';

/**
 * The fixture folder imported into the small baseline content and built with the real build: the
 * author fixes the three things the import's checks name (a link to a note that is not in the
 * folder, a missing image, a citation of a paper the bibliography lacks), and every imported note
 * is a page with its links resolved, its figures published and its inline HTML kept.
 */

const root = resolve(import.meta.dirname, '../..');
const folder = 'tests/fixtures/import/notes-folder';
const slugs = [
  'neural-tangent-kernel',
  'lazy-training',
  'gradient-flow',
  'implicit-bias',
  'über-kernels',
  'sharpness',
  'sharpness-2',
  'long-line',
  'mean_field_limit',
  'only-math',
  'overview',
  'pl-condition',
  'double-descent',
  'content-overview',
];

/** The elements of a page matching a test, in document order. */
function elements(html: string, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html), 'element', (el: Element) => {
    if (test(el)) found.push(el);
  });
  return found;
}

const classes = (el: Element) => (Array.isArray(el.properties.className) ? el.properties.className.map(String) : []);

describe('an imported folder, built', () => {
  let content: string;
  let dist: string;
  let importLog: string;
  const page = (slug: string) => readFileSync(join(dist, 'notes', slug, 'index.html'), 'utf8');

  beforeAll(async () => {
    content = await corpus();
    const imported = spawnSync(process.execPath, ['src/cli/import.ts', folder], {
      cwd: root,
      env: { ...process.env, DLT_CONTENT_ROOT: content },
      encoding: 'utf8',
    });
    importLog = imported.stdout + imported.stderr;
    expect(imported.status, importLog).toBe(1);
    // What the checks ask the author to fix, fixed as an author would.
    const fix = (slug: string, edit: (text: string) => string) => {
      const file = join(content, 'content/notes', `${slug}.md`);
      const before = readFileSync(file, 'utf8');
      expect(edit(before)).not.toBe(before);
      writeFileSync(file, edit(before));
    };
    fix('pl-condition', (t) =>
      t
        .replace('[its own note](benign-overfitting.md)', 'its own note')
        .replace('![Sharpness during training](img/sharpness.png)\n\n', ''),
    );
    fix('lazy-training', (t) =>
      t.replace('<d-cite key="jacot2018neural,chizat2019lazy"></d-cite>', '[@jacot2018neural]'),
    );
    dist = join(mkdtempSync(join(tmpdir(), 'dlt-import-build-')), 'dist');
    const built = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist });
    expect(built.ok, built.log).toBe(true);
  }, 300_000);

  afterAll(removeCorpora);

  it('needed exactly the three fixes its checks named', () => {
    const errors = importLog.split('\n').filter((l) => /^content\/notes\/\S+:\d+:\d+ {2}(?!warning)/.test(l));
    expect(errors.map((l) => l.replace(/ {2}.*\[/, ' [').replace(/:\d+:\d+/, ''))).toEqual([
      'content/notes/lazy-training.md [html-not-allowed]',
      'content/notes/pl-condition.md [broken-image]',
      'content/notes/pl-condition.md [broken-link]',
    ]);
  });

  it('publishes every imported note as a page with its title', () => {
    for (const slug of slugs) expect(existsSync(join(dist, 'notes', slug, 'index.html')), slug).toBe(true);
    expect(elements(page('über-kernels'), (el) => el.tagName === 'h1').map((el) => toText(el))).toEqual([
      'Über kernels',
    ]);
    expect(elements(page('sharpness-2'), (el) => el.tagName === 'h1').map((el) => toText(el))).toEqual([
      'Sharpness-aware minimization',
    ]);
  });

  it('resolves every rewritten link to a page and a heading that exist', () => {
    const checked: string[] = [];
    for (const slug of slugs) {
      for (const a of elements(page(slug), (el) => el.tagName === 'a' && classes(el).includes('wikilink'))) {
        const [path, hash] = decodeURIComponent(String(a.properties.href)).split('#');
        const target = join(dist, path, 'index.html');
        expect(existsSync(target), `${slug} → ${path}`).toBe(true);
        if (hash)
          expect(
            elements(readFileSync(target, 'utf8'), (el) => el.properties.id === hash),
            `${slug} → ${path}#${hash}`,
          ).toHaveLength(1);
        checked.push(`${slug} → ${path}${hash ? `#${hash}` : ''}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'lazy-training → /notes/neural-tangent-kernel/#the-kernel-at-initialization',
        'lazy-training → /notes/gradient-flow/',
        'neural-tangent-kernel → /notes/lazy-training/',
        'gradient-flow → /notes/implicit-bias/#separable-data',
        'gradient-flow → /notes/über-kernels/',
        'pl-condition → /notes/gradient-flow/#convergence',
        'double-descent → /notes/content-overview/#scope',
        'overview → /notes/mean_field_limit/',
        'overview → /notes/sharpness/',
      ]),
    );
  });

  it('publishes the copied raster figures and inlines the SVG one', () => {
    for (const [name, from] of [
      ['loss.png', 'plain/img/loss.png'],
      ['loss-2.png', 'quartz/content/img/loss.png'],
      ['ntk-spectrum.png', 'assets/img/ntk-spectrum.png'],
    ]) {
      expect(readFileSync(join(dist, 'figures', name)).equals(readFileSync(join(root, folder, from))), name).toBe(true);
    }
    const images = (slug: string) =>
      elements(page(slug), (el) => el.tagName === 'img').map((el) => [el.properties.src, el.properties.alt]);
    expect(images('pl-condition')).toEqual([['/figures/loss.png', 'Loss of gradient descent on a PL function']]);
    expect(images('double-descent')).toEqual([['/figures/loss-2.png', 'Test error against the number of parameters']]);
    expect(images('neural-tangent-kernel')).toEqual([
      ['/figures/ntk-spectrum.png', 'Eigenvalues of the NTK on the sphere'],
    ]);
    const svg = elements(
      page('gradient-flow'),
      (el) => el.tagName === 'svg' && el.properties.ariaLabel === 'The max-margin separator of two classes',
    );
    expect(svg).toHaveLength(1);
  });

  it('keeps the harmless inline HTML, renders the converted math and citations, and links the remote image', () => {
    const pl = page('pl-condition');
    expect(elements(pl, (el) => el.tagName === 'sup').map((el) => toText(el))).toEqual(['2']);
    expect(elements(pl, (el) => el.tagName === 'br').length).toBeGreaterThan(0);
    const summaries = elements(pl, (el) => el.tagName === 'summary').map((el) => toText(el));
    expect(summaries.filter((s) => s !== 'Cite this note')).toEqual(['Why wide networks satisfy PL']);
    expect(
      elements(pl, (el) => el.tagName === 'a' && el.properties.href === 'https://example.org/architecture.png').map(
        (el) => toText(el),
      ),
    ).toEqual(['Network architecture']);
    const ntk = page('neural-tangent-kernel');
    expect(elements(ntk, (el) => classes(el).includes('katex-display'))).toHaveLength(2);
    expect(elements(ntk, (el) => el.tagName === 'a' && el.properties.dataCite === 'jacot2018neural')).toHaveLength(1);
    expect(ntk).not.toMatch(/\{:|\{%|\$\$/);
  });
});
