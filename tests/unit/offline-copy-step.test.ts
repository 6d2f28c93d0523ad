import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
