import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSettledFiles, hashSite, isSearchIndexFile, OFFLINE_ZIP } from '../../src/cli/site-hashes.ts';

let site: string;
const files: Record<string, string> = {
  'index.html': '<h1>Home</h1>',
  'notes/a/index.html': '<h1>A</h1>',
  'downloads/dl-theory-notes-offline.zip': 'zip bytes',
  'downloads/other.txt': 'another download',
  'pagefind/pagefind-entry.json': '{}',
  'pagefind/index/en_1.pf_index': 'index',
  'pagefind-1/fragment/x.pf_fragment': 'fragment',
  'pagefind-notes/index.html': 'a page whose folder only starts like a bundle',
};

beforeAll(async () => {
  site = await mkdtemp(join(tmpdir(), 'dlt-site-hashes-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(site, path, '..'), { recursive: true });
    await writeFile(join(site, path), text);
  }
});
afterAll(() => rm(site, { recursive: true, force: true }));

describe('the site hashes for the offline plan', () => {
  it("names Pagefind's bundle folders, and nothing else, as the search step's files", () => {
    expect(Object.keys(files).filter(isSearchIndexFile)).toEqual([
      'pagefind/pagefind-entry.json',
      'pagefind/index/en_1.pf_index',
      'pagefind-1/fragment/x.pf_fragment',
    ]);
  });

  it('hashes every file in path order, with its size and the first 16 hex digits of its SHA-256', async () => {
    const hashed = await hashSite(site);
    expect(hashed.map((f) => f.path)).toEqual(Object.keys(files).sort());
    for (const f of hashed) {
      const text = files[f.path];
      expect(f).toEqual({
        path: f.path,
        size: text.length,
        hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
      });
    }
  });

  it('gives the same list when the files a step no longer writes were hashed first, and reads only the rest then', async () => {
    // The copy done first: everything but Pagefind's bundles is final. Pagefind first: all but the zip.
    for (const stillWriting of [isSearchIndexFile, (path: string) => path === OFFLINE_ZIP]) {
      const settled = await hashSettledFiles(site, stillWriting);
      expect([...settled!.keys()].sort()).toEqual(
        Object.keys(files)
          .filter((p) => !stillWriting(p))
          .sort(),
      );
      expect(await hashSite(site, settled)).toEqual(await hashSite(site));
    }
    // A settled file's entry is taken as it is (the file is not read again).
    const marked = new Map(await hashSettledFiles(site, isSearchIndexFile));
    marked.set('index.html', { path: 'index.html', size: 1, hash: 'settled' });
    expect((await hashSite(site, marked)).find((f) => f.path === 'index.html')?.hash).toBe('settled');
  });

  it('leaves the hashing to the service worker step when the early pass fails', async () => {
    expect(await hashSettledFiles(join(site, 'missing'), isSearchIndexFile)).toBeUndefined();
  });
});
