import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { indexSite } from '../../src/cli/pagefind-index.ts';
import { liveFiles } from '../../src/cli/pagefind-reuse.ts';
import { searchInput } from '../../src/lib/strip-for-index.ts';
import { bundleFiles, noteSite } from '../helpers/search-sites.ts';

// Counts how many pages are stripped for search (the build's costliest step before Pagefind's own).
vi.mock('../../src/lib/strip-for-index.ts', async (original) => {
  const actual = await original<typeof import('../../src/lib/strip-for-index.ts')>();
  return { ...actual, searchInput: vi.fn(actual.searchInput) };
});
const stripped = vi.mocked(searchInput);

/*
 * A bundle indexed again is written into a folder holding its previous files: Pagefind writes only
 * the files that changed, and the result is exactly the index written from scratch.
 */
describe('indexing a bundle again over its previous files', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-reuse-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const slugs = Array.from({ length: 30 }, (_, i) => `note-${i}`);
  const site = (name: string, over: Record<string, string> = {}) => noteSite(join(work, name), slugs, over);
  const files = bundleFiles;
  const inode = (dir: string, path: string) => statSync(join(dir, path)).ino;
  const edit = { 'note-7': 'Words about note-7, kernels and zebras.' };

  it('keeps the unchanged files, writes the changed ones, removes the stale ones', async () => {
    const cacheDir = join(work, 'cache');
    const first = site('first');
    await indexSite(first, { cacheDir });
    const again = site('again', edit);
    expect(await indexSite(again, { cacheDir })).toEqual({ pages: 30, bundles: 1, reused: 0 });
    const fresh = site('fresh', edit);
    await indexSite(fresh);
    expect(files(again)).toEqual(files(fresh));

    // The fragments of the 29 pages that did not change are the previous build's files, not written
    // again (the same inode, linked through the cache); the edited page's fragment is new.
    const live = [...(await liveFiles(join(again, 'pagefind')))].map((p) => `pagefind/${p}`);
    const fragments = live.filter((p) => p.includes('/fragment/'));
    expect(fragments).toHaveLength(30);
    const kept = fragments.filter((p) => files(first).has(p));
    expect(kept).toHaveLength(29);
    for (const p of kept) expect(inode(again, p), p).toBe(inode(first, p));
    const written = fragments.filter((p) => !files(first).has(p));
    expect(written).toHaveLength(1);
    // The edited page's previous fragment is gone, and so is everything else the new index does not use.
    expect([...files(again).keys()].filter((p) => /\.pf_\w+$/.test(p)).sort()).toEqual(live.sort());
  }, 60_000);

  it('writes the bundle from scratch when a previous file has the name of a new one but other content', async () => {
    const cacheDir = join(work, 'cache-clash');
    await indexSite(site('clash-first'), { cacheDir });
    // What the edited site's index needs that the first one did not have: the edited page's fragment
    // (and a few word-index chunks).
    const fresh = site('clash-fresh', edit);
    await indexSite(fresh);
    const needed = [...files(fresh).keys()].filter(
      (p) => p.includes('/fragment/') && !files(join(work, 'clash-first')).has(p),
    );
    expect(needed).toHaveLength(1);
    // Pagefind shortens its hashes, so a previous file can carry that name with other content. Put one
    // in the cached bundle: Pagefind would find the name taken and not write it.
    const [bundle] = readdirSync(cacheDir).filter((name) => /^\w{32}$/.test(name));
    const planted = join(cacheDir, bundle!, relative('pagefind', needed[0]!));
    writeFileSync(planted, gzipSync(Buffer.from('pagefind_dcd{"url":"/notes/someone-else/","content":"other"}')));

    const again = site('clash-again', edit);
    await indexSite(again, { cacheDir });
    expect(files(again)).toEqual(files(fresh));
  }, 60_000);

  it('strips only the edited page again: the others come from the stored search input, when it is intact', async () => {
    const cacheDir = join(work, 'cache-input');
    await indexSite(site('input-first'), { cacheDir });
    // The next build after an edit strips the edited page (to know it changed), and no other.
    stripped.mockClear();
    const again = site('input-again', edit);
    await indexSite(again, { cacheDir });
    expect(stripped).toHaveBeenCalledTimes(1);
    const fresh = site('input-fresh', edit);
    await indexSite(fresh);
    expect(files(again)).toEqual(files(fresh));
    // A stored input that is damaged (cut short by a full disk, say) is not used: that page is stripped again.
    const inputs = join(cacheDir, 'input');
    expect(readdirSync(inputs)).toHaveLength(30);
    const damaged = readdirSync(inputs)[0]!;
    writeFileSync(join(inputs, damaged), readFileSync(join(inputs, damaged), 'utf8').slice(0, 50));
    stripped.mockClear();
    const third = site('input-third', { 'note-7': 'Words about note-7, kernels and okapis.' });
    await indexSite(third, { cacheDir });
    expect(stripped).toHaveBeenCalledTimes(2);
    const thirdFresh = site('input-third-fresh', { 'note-7': 'Words about note-7, kernels and okapis.' });
    await indexSite(thirdFresh);
    expect(files(third)).toEqual(files(thirdFresh));
    // Only the inputs of the pages of this build stay.
    expect(readdirSync(inputs)).toHaveLength(30);
  }, 60_000);
});
