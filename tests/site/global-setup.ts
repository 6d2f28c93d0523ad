import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../helpers/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
    offlineDir: string;
    buildLog: string;
  }
}

/**
 * Builds the real site once for every site test, the way `npm run build` does, into a temporary
 * folder (the project's own dist/ is left alone). DLT_TEST_DIST reuses an existing build instead.
 */
export default function setup(project: TestProject): void {
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
    throw new Error(
      'Browser tests need Chromium: run `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).',
    );
  }
  let dist = process.env.DLT_TEST_DIST;
  let log = 'reused existing build';
  if (!dist) {
    dist = join(mkdtempSync(join(tmpdir(), 'dlt-site-')), 'dist');
    const result = buildSite({ DLT_DIST: dist });
    log = result.log;
    if (!result.ok) throw new Error(`The site did not build:\n${log}`);
  }
  project.provide('siteDir', dist);
  project.provide('offlineDir', `${dist}-offline`);
  project.provide('buildLog', log);
}
