import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OfflineCache } from '../../src/cli/offline-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'dlt-offline-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = {
  size: 5,
  crc: 123,
  deflated: new Uint8Array([1, 2, 3]),
  entry: { u: 'notes/x/index.html', t: 'X', s: '', h: ['A'], x: 'text' },
};

describe('the file:// copy cache', () => {
  it('gives back what was stored under the key of the same file, path and code', async () => {
    const cache = new OfflineCache(dir, 'v1');
    const key = cache.keyOf('notes/x/index.html', Buffer.from('<p>x</p>'));
    expect(await cache.get(key)).toBeUndefined();
    await cache.put(key, file);
    const back = await new OfflineCache(dir, 'v1').get(key);
    expect(back && { ...back, deflated: [...back.deflated] }).toEqual({ ...file, deflated: [1, 2, 3] });
  });

  it('keys by the bytes, the path and the code version', () => {
    const a = new OfflineCache(dir, 'v1');
    const key = a.keyOf('notes/x/index.html', Buffer.from('<p>x</p>'));
    expect(a.keyOf('notes/x/index.html', Buffer.from('<p>y</p>'))).not.toBe(key);
    expect(a.keyOf('notes/y/index.html', Buffer.from('<p>x</p>'))).not.toBe(key);
    expect(new OfflineCache(dir, 'v2').keyOf('notes/x/index.html', Buffer.from('<p>x</p>'))).not.toBe(key);
  });

  it('ignores a damaged entry', async () => {
    const cache = new OfflineCache(dir, 'v1');
    writeFileSync(join(dir, 'damaged.bin'), Buffer.from([255, 255, 0, 0, 1]));
    expect(await cache.get('damaged')).toBeUndefined();
  });

  it('prunes old entries this build did not use, and keeps the used and the young', async () => {
    const cache = new OfflineCache(dir, 'v1');
    const used = cache.keyOf('a', Buffer.from('a'));
    await cache.put(used, file);
    await cache.put('old-unused', file);
    await cache.put('young-unused', file);
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    utimesSync(join(dir, 'old-unused.bin'), old, old);
    utimesSync(join(dir, `${used}.bin`), old, old);
    const next = new OfflineCache(dir, 'v1');
    expect(await next.get(used)).toBeDefined();
    await next.prune();
    const left = readdirSync(dir);
    expect(left).toContain(`${used}.bin`);
    expect(left).toContain('young-unused.bin');
    expect(left).not.toContain('old-unused.bin');
  });
});
