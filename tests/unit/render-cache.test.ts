import { mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLinkIndex } from '../../src/lib/link-resolver.ts';
import { hashOf, renderFingerprint } from '../../src/pipeline/fingerprint.ts';
import { RenderCache } from '../../src/pipeline/render-cache.ts';
import type { RenderMeta } from '../../src/pipeline/render-note.ts';
import { renderingInOwnProcess, workerCount } from '../../src/pipeline/render-pool.ts';

const meta = (over: Partial<RenderMeta> = {}): RenderMeta => ({
  headings: [],
  links: [],
  citations: [],
  problems: [],
  words: 1,
  formulas: 0,
  displayFormulas: 0,
  mathTokens: [],
  results: [],
  equations: [],
  deps: { targets: [], paths: [], keys: [], figures: [] },
  ...over,
});

describe('RenderCache', () => {
  it('stores HTML under the hash of its content, so a second render writes a second file and the first stays', async () => {
    const cache = new RenderCache(mkdtempSync(join(tmpdir(), 'dlt-cache-')));
    const first = await cache.write('a', { sourceHash: 's1', fingerprint: 'f', output: meta() }, '<p>one</p>');
    const second = await cache.write('a', { sourceHash: 's2', fingerprint: 'f', output: meta() }, '<p>two</p>');
    expect(first).not.toBe(second);
    expect(readdirSync(join(cache.dir, 'html')).sort()).toEqual([`${first}.html`, `${second}.html`].sort());
    expect((await cache.read('a'))?.htmlHash).toBe(second);
    expect(await cache.write('b', { sourceHash: 's', fingerprint: 'f', output: meta() }, '<p>one</p>')).toBe(first);
  });

  it('forgets an entry whose HTML is gone', async () => {
    const cache = new RenderCache(mkdtempSync(join(tmpdir(), 'dlt-cache-')));
    await cache.write('a', { sourceHash: 's', fingerprint: 'f', output: meta() }, '<p>x</p>');
    const entry = await cache.read('a');
    await cache.prune([], -1);
    expect(entry).toBeDefined();
    expect(await cache.read('a')).toBeUndefined();
  });

  it('prunes only HTML that this load did not use and that no one touched for a day', async () => {
    const cache = new RenderCache(mkdtempSync(join(tmpdir(), 'dlt-cache-')));
    const used = await cache.write('a', { sourceHash: 's', fingerprint: 'f', output: meta() }, '<p>used</p>');
    const old = await cache.write('b', { sourceHash: 's', fingerprint: 'f', output: meta() }, '<p>old</p>');
    const young = await cache.write('c', { sourceHash: 's', fingerprint: 'f', output: meta() }, '<p>young</p>');
    const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
    for (const h of [used, old]) utimesSync(cache.htmlPath(h), dayAgo, dayAgo);
    expect(await cache.prune([used])).toBe(1);
    expect(readdirSync(join(cache.dir, 'html')).sort()).toEqual([`${used}.html`, `${young}.html`].sort());
  });
});

describe('renderFingerprint', () => {
  const { index } = buildLinkIndex([
    { slug: 'ntk', title: 'Neural tangent kernel', aliases: ['NTK'] },
    { slug: 'gp', title: 'Gaussian processes', aliases: [] },
  ]);
  const ctx = {
    index,
    labels: new Map([['k', { authors: 'A', year: '2020' }]]),
    figureHashes: new Map([['f.svg', 'h1']]),
    base: '/',
    renderer: 'r1',
  };
  const deps = { targets: ['NTK'], paths: [], keys: ['k'], figures: ['f.svg'] };
  const base = renderFingerprint(deps, ctx);

  it.each([
    [
      'the target of a link is renamed',
      { ...ctx, index: buildLinkIndex([{ slug: 'ntk', title: 'The NTK', aliases: ['NTK'] }]).index },
    ],
    ['a cited paper gets another label', { ...ctx, labels: new Map([['k', { authors: 'A', year: '2020a' }]]) }],
    ['a figure changes', { ...ctx, figureHashes: new Map([['f.svg', 'h2']]) }],
    ['the base path changes', { ...ctx, base: '/kb/' }],
    ['the renderer changes', { ...ctx, renderer: 'r2' }],
  ])('changes when %s', (_name, changed) => {
    expect(renderFingerprint(deps, changed)).not.toBe(base);
  });

  it('does not change when an unrelated note changes', () => {
    const other = buildLinkIndex([
      { slug: 'ntk', title: 'Neural tangent kernel', aliases: ['NTK'] },
      { slug: 'gp', title: 'GPs', aliases: [] },
    ]).index;
    expect(renderFingerprint(deps, { ...ctx, index: other })).toBe(base);
  });

  it('hashes strings and values stably', () => {
    expect(hashOf('x')).toBe(hashOf('x'));
    expect(hashOf([1, 'a'])).not.toBe(hashOf([1, 'b']));
  });
});

describe('workerCount', () => {
  it('renders small corpora in this thread, mid-sized ones on up to one thread per core, huge ones on one', () => {
    expect(workerCount(10)).toBe(0);
    expect(workerCount(47)).toBe(0);
    expect(workerCount(48)).toBeGreaterThanOrEqual(1);
    expect(workerCount(2500)).toBeLessThanOrEqual(8);
    expect(workerCount(5000)).toBe(1);
  });

  // Runs after the test above: the render step's mark lasts for the process.
  it("allows a thread per core up to 6,000 notes in the build's render step, which renders and nothing else", () => {
    renderingInOwnProcess();
    expect(workerCount(47)).toBe(0);
    expect(workerCount(5000)).toBe(Math.min(availableParallelism(), 8));
    expect(workerCount(6001)).toBe(1);
  });
});
