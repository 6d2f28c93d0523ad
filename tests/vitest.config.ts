import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure library code, plugins on fixtures, the content checker on broken
 * corpora: no browser, seconds) and `site` (builds the real site once in global setup, then checks
 * the output and drives it in Chromium).
 *
 * Files of both projects share one pool of workers, at least two. Vitest's default is one fewer
 * than the cores, which on a 2-core machine ran every file one after the other, while a browser
 * test keeps about a third of a core busy. Site tests that build take turns through the build's
 * own lock (src/cli/build-lock.ts); everything else a test writes is in its own temporary folder.
 */
const maxWorkers = Math.max(2, availableParallelism());
const root = new URL('..', import.meta.url).pathname;

export default defineConfig({
  test: {
    root,
    maxWorkers,
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: ['tests/unit/**/*.test.ts', 'tests/plugins/**/*.test.ts', 'tests/content/**/*.test.ts'],
          testTimeout: 60_000,
          maxWorkers,
        },
      },
      {
        test: {
          name: 'site',
          root,
          include: ['tests/site/**/*.test.ts'],
          globalSetup: ['tests/site/global-setup.ts'],
          // Generous: a test that builds may first wait for another file's build to finish.
          testTimeout: 240_000,
          hookTimeout: 300_000,
          maxWorkers,
        },
      },
    ],
  },
});
