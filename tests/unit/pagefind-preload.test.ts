import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { preloadBundle } from '../../src/cli/pagefind-bundle.ts';
import { storedInput } from '../../src/cli/pagefind-cache.ts';
import { indexSite } from '../../src/cli/pagefind-index.ts';
import { bundleFiles, noteSite } from '../helpers/search-sites.ts';

// Counts the stored search inputs read: a preloaded index needs none for the pages it holds.
vi.mock('../../src/cli/pagefind-cache.ts', async (original) => {
  const actual = await original<typeof import('../../src/cli/pagefind-cache.ts')>();
  return { ...actual, storedInput: vi.fn(actual.storedInput) };
});
const reads = vi.mocked(storedInput);

/*
 * While Astro builds the site, the Pagefind step adds the last build's pages to an index; once the
 * site is there, it adds again only the pages search reads differently. The index it writes is the
 * one a fresh start writes.
 */
describe('a search index preloaded with the last build', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-preload-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const site = (name: string, slugs: string[], over: Record<string, string> = {}) =>
    noteSite(join(work, name), slugs, over);
  const slugs = Array.from({ length: 30 }, (_, i) => `note-${i}`);
  const files = bundleFiles;
  /** The search step as the build starts it while Astro works: preloading, with an IPC channel. */
  const preloadingStep = (dir: string, result: string, cacheDir: string) =>
    fork(resolve('src/cli/pagefind-step.ts'), [dir, result, cacheDir, '--preload'], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  const preload = (cacheDir: string) => {
    const aborter = new AbortController();
    return { ready: preloadBundle(cacheDir, aborter.signal), cancel: () => aborter.abort() };
  };

  it('adds again only the edited page, and writes the index a fresh start writes', async () => {
    const cacheDir = join(work, 'cache');
    await indexSite(site('first', slugs), { cacheDir });
    const preloaded = preload(cacheDir);
    expect((await preloaded.ready)?.pages.size).toBe(30);
    reads.mockClear();
    const edit = { 'note-7': 'Words about note-7, kernels and zebras.' };
    const again = site('again', slugs, edit);
    expect(await indexSite(again, { cacheDir, preload: preloaded })).toEqual({
      pages: 30,
      bundles: 1,
      reused: 0,
      reindexed: 1,
    });
    // The edited page was stripped when it was hashed; the other 29 are in the preloaded index already.
    expect(reads).not.toHaveBeenCalled();
    const fresh = site('fresh', slugs, edit);
    await indexSite(fresh);
    expect(files(again)).toEqual(files(fresh));
  }, 60_000);

  it('starts over when the site has other pages, and is given up when the cached index serves', async () => {
    const cacheDir = join(work, 'cache-other');
    await indexSite(site('other-first', slugs), { cacheDir });
    // A page added: the preloaded index has no place for it in path order.
    const more = [...slugs, 'note-15a'];
    const grown = site('grown', more);
    await indexSite(grown, { cacheDir, preload: preload(cacheDir) });
    const fresh = site('grown-fresh', more);
    await indexSite(fresh);
    expect(files(grown)).toEqual(files(fresh));
    // Nothing changed since: the cached bundle is used and the preloaded index closed.
    const same = site('same', more);
    expect(await indexSite(same, { cacheDir, preload: preload(cacheDir) })).toEqual({
      pages: 31,
      bundles: 1,
      reused: 1,
    });
    expect(files(same)).toEqual(files(fresh));
  }, 60_000);

  it('is nothing to preload after a site indexed in several bundles, or with no cache', async () => {
    const cacheDir = join(work, 'cache-bundles');
    await indexSite(site('bundles', slugs), { cacheDir, perBundle: 10 });
    expect(await preloadBundle(cacheDir)).toBeUndefined();
    expect(await preloadBundle(join(work, 'no-cache'))).toBeUndefined();
  }, 60_000);

  it('runs as the build runs it: preloads, indexes when told, and exits', async () => {
    const cacheDir = join(work, 'cache-step');
    await indexSite(site('step-first', slugs), { cacheDir });
    const dir = site('step-site', slugs, { 'note-3': 'Words about note-3 and okapis.' });
    const result = join(work, 'step-result.json');
    const step = preloadingStep(dir, result, cacheDir);
    step.send({ kind: 'index' });
    const [code] = await once(step, 'exit');
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(result, 'utf8'))).toEqual({ pages: 30, bundles: 1, reused: 0, reindexed: 1 });
    const fresh = site('step-fresh', slugs, { 'note-3': 'Words about note-3 and okapis.' });
    await indexSite(fresh);
    expect(files(dir)).toEqual(files(fresh));
  }, 60_000);

  it('exits, writing nothing, when the build that started it is gone before the site is ready', async () => {
    const cacheDir = join(work, 'cache-orphan');
    await indexSite(site('orphan-first', slugs), { cacheDir });
    const result = join(work, 'orphan-result.json');
    const step = preloadingStep(site('orphan', slugs), result, cacheDir);
    step.disconnect();
    const [code] = await once(step, 'exit');
    expect(code).toBe(1);
    expect(() => readFileSync(result)).toThrow();
  }, 60_000);
});
