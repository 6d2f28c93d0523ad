import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
    offlineDir: string;
    buildLog: string;
  }
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Builds the real site once for every site test, the way `npm run build` does, into a temporary
 * folder (the project's own dist/ is left alone). DLT_TEST_DIST reuses an existing build instead.
 */
export default function setup(project: TestProject): void {
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
    throw new Error('Browser tests need Chromium: run `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).');
  }
  let dist = process.env.DLT_TEST_DIST;
  let log = 'reused existing build';
  if (!dist) {
    dist = join(mkdtempSync(join(tmpdir(), 'dlt-site-')), 'dist');
    const result = spawnSync(process.execPath, ['src/cli/build.ts'], {
      cwd: root,
      env: { ...process.env, DLT_DIST: dist, DLT_QUIET: '1' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    log = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`The site did not build:\n${log}`);
  }
  project.provide('siteDir', dist);
  project.provide('offlineDir', `${dist}-offline`);
  project.provide('buildLog', log);
}
