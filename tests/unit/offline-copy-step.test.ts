import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOfflineCopy } from '../../src/cli/build-steps.ts';

/** A built site of one page and one stylesheet. */
function tinySite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dlt-copy-step-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, 'notes', 'a'), { recursive: true });
  writeFileSync(join(site, 'style.css'), 'body { color: black }');
  writeFileSync(
    join(site, 'notes', 'a', 'index.html'),
    '<!doctype html><html><head><title>A</title><link rel="stylesheet" href="/style.css"></head>' +
      '<body><main data-pagefind-body><h1>A</h1><p>Some text.</p></main></body></html>',
  );
  return dir;
}

describe('the file:// copy in its own process', () => {
  it('writes the copy and its zip, and returns the summary', async () => {
    const dir = tinySite();
    const summary = await runOfflineCopy(join(dir, 'site'), join(dir, 'offline'), join(dir, 'cache'));
    expect(summary).toMatchObject({ offlinePages: 1, reusedFiles: 0 });
    expect(summary.zipBytes).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'offline', 'notes', 'a', 'index.html'))).toBe(true);
    // A second copy of the same site takes its files from the cache.
    const again = await runOfflineCopy(join(dir, 'site'), join(dir, 'offline'), join(dir, 'cache'));
    expect(again.reusedFiles).toBe(2);
  });

  it("links a reused file to the cache's copy, and writes it again when the published one was edited in place", async () => {
    const dir = tinySite();
    const page = 'notes/a/index.html';
    const copy = (out: string, cache = 'cache') => runOfflineCopy(join(dir, 'site'), join(dir, out), join(dir, cache));
    await copy('first');
    expect((await copy('second')).reusedFiles).toBe(2);
    // Not written again: the same file as the first copy's (both are links to the cache's copy).
    expect(statSync(join(dir, 'second', page)).ino).toBe(statSync(join(dir, 'first', page)).ino);
    await copy('fresh', 'no-cache');
    const expected = readFileSync(join(dir, 'fresh', page));
    expect(readFileSync(join(dir, 'second', page))).toEqual(expected);
    // An editor that saves in place changes the file every link shares, the cache's copy included.
    writeFileSync(join(dir, 'second', page), 'edited by hand');
    expect((await copy('third')).reusedFiles).toBe(2);
    expect(readFileSync(join(dir, 'third', page))).toEqual(expected);
    expect(statSync(join(dir, 'third', page)).ino).not.toBe(statSync(join(dir, 'second', page)).ino);
    // …and the cache's copy is sound again for the next build.
    await copy('fourth');
    expect(readFileSync(join(dir, 'fourth', page))).toEqual(expected);
    expect(statSync(join(dir, 'fourth', page)).ino).toBe(statSync(join(dir, 'third', page)).ino);
  });

  it("rejects with the step's own error and its code, which the build's report reads", async () => {
    const dir = tinySite();
    // The output folder cannot be made: a file stands where its parent should be.
    writeFileSync(join(dir, 'blocked'), '');
    const error = await runOfflineCopy(join(dir, 'site'), join(dir, 'blocked', 'offline'), join(dir, 'cache')).catch(
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'ENOTDIR' });
  });
});
