import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOfflineCopyOnThread } from '../../src/cli/offline-copy-thread.ts';

const root = resolve(import.meta.dirname, '../..');

/** A built site of one page and one stylesheet. */
function tinySite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dlt-copy-thread-'));
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

describe('the file:// copy on its own thread', () => {
  it('writes the copy and its zip, and returns the summary', async () => {
    const dir = tinySite();
    const summary = await buildOfflineCopyOnThread(
      { site: join(dir, 'site'), out: join(dir, 'offline'), root },
      new AbortController().signal,
    );
    expect(summary).toMatchObject({ offlinePages: 1, reusedFiles: 0 });
    expect(summary.zipBytes).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'offline', 'notes', 'a', 'index.html'))).toBe(true);
  });

  it("rejects with the thread's error and its code, which the build's report reads", async () => {
    const dir = tinySite();
    // The output folder cannot be made: a file stands where its parent should be.
    writeFileSync(join(dir, 'blocked'), '');
    const error = await buildOfflineCopyOnThread(
      { site: join(dir, 'site'), out: join(dir, 'blocked', 'offline'), root },
      new AbortController().signal,
    ).catch((e: unknown) => e as NodeJS.ErrnoException);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'ENOTDIR' });
  });

  it('stops when the build aborts it, and settles only once the thread is gone', async () => {
    const dir = tinySite();
    const stop = new AbortController();
    stop.abort();
    const error = await buildOfflineCopyOnThread(
      { site: join(dir, 'site'), out: join(dir, 'offline'), root },
      stop.signal,
    ).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(existsSync(join(dir, 'offline', 'notes'))).toBe(false);
  });
});
