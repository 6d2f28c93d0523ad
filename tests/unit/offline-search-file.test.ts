import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineSearchFile } from '../../src/cli/offline-search-file.ts';
import type { OfflineSearchEntry } from '../../src/lib/offline-search.ts';

const entry = (u: string, x: string): OfflineSearchEntry => ({ u, t: `Title of ${u}`, s: '', h: ['A heading'], x });
const scratchDirs = async () => (await readdir(out)).filter((d) => d.startsWith('dlt-offline-search-'));

let out: string;
afterEach(() => rm(out, { recursive: true, force: true }));

describe("the file:// copy's search index", () => {
  it('writes the entries added in any order, concurrently, sorted by URL, and the zip its deflated bytes', async () => {
    out = await mkdtemp(join(tmpdir(), 'dlt-search-file-test-'));
    const entries = ['notes/b/index.html', 'papers/a/index.html', 'notes/a/index.html', 'index.html'].map((u, i) =>
      // Text outside Latin-1 and quotes, as notes have: the bytes must survive the scratch file.
      entry(u, `∇f(θ) ≤ ${i} "quoted" ${'x'.repeat(i * 5000)}`),
    );
    const file = new OfflineSearchFile(out);
    await Promise.all(entries.map((e) => file.add(e)));
    expect(await scratchDirs()).toHaveLength(1);

    const zipped = await file.write(join(out, '_offline/search-index.js'));
    const written = await readFile(join(out, '_offline/search-index.js'));
    const sorted = [...entries].sort((a, b) => a.u.localeCompare(b.u));
    expect(written.toString()).toBe(`window.__DLT_SEARCH__=${JSON.stringify(sorted)};`);
    expect(zipped.size).toBe(written.length);
    expect(zipped.crc).toBe(crc32(written));
    expect(inflateRawSync(zipped.body).equals(written)).toBe(true);
    // The scratch file is gone once the index is written.
    expect(await scratchDirs()).toEqual([]);
  });

  it('writes an empty index when no page had an entry', async () => {
    out = await mkdtemp(join(tmpdir(), 'dlt-search-file-test-'));
    const zipped = await new OfflineSearchFile(out).write(join(out, 'search-index.js'));
    expect(inflateRawSync(zipped.body).toString()).toBe('window.__DLT_SEARCH__=[];');
  });

  it('removes its scratch file when the copy fails before writing the index', async () => {
    out = await mkdtemp(join(tmpdir(), 'dlt-search-file-test-'));
    const file = new OfflineSearchFile(out);
    await file.add(entry('index.html', 'text'));
    expect(await scratchDirs()).toHaveLength(1);
    await file.discard();
    expect(await scratchDirs()).toEqual([]);
  });
});
