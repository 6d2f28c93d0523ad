import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { injectPrecacheList } from '../../src/cli/service-worker-files.ts';

const work = await mkdtemp(join(tmpdir(), 'dlt-sw-list-'));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the precache list in the bundled service worker', () => {
  const entries = [
    { url: '/notes/a/', revision: 'abc' },
    { url: '/_astro/main.1234.js', revision: null },
    { url: "/notes/$&-'quoted'/", revision: 'def' },
  ];

  it('takes the place of self.__WB_MANIFEST, as Workbox wrote it (keys in order, no spaces)', async () => {
    const src = join(work, 'bundle.js');
    await writeFile(src, '(()=>{var e=self.__WB_MANIFEST;precache(e)})();');
    await injectPrecacheList(src, join(work, 'sw.js'), entries);
    expect(await readFile(join(work, 'sw.js'), 'utf8')).toBe(
      '(()=>{var e=[{"revision":"abc","url":"/notes/a/"},{"revision":null,"url":"/_astro/main.1234.js"},' +
        '{"revision":"def","url":"/notes/$&-\'quoted\'/"}];precache(e)})();',
    );
  });

  it('refuses a bundle that names the list no time, or twice', async () => {
    for (const [body, times] of [
      ['precache([])', 0],
      ['precache(self.__WB_MANIFEST);precache(self.__WB_MANIFEST)', 2],
    ] as const) {
      const src = join(work, `bundle-${times}.js`);
      await writeFile(src, body);
      await expect(injectPrecacheList(src, join(work, `sw-${times}.js`), entries)).rejects.toThrow(
        `names self.__WB_MANIFEST ${times} times; the precache list needs one`,
      );
    }
  });
});
