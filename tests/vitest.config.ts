import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure library code, plugins on fixtures, the content checker on broken
 * corpora: no browser, seconds) and `site` (builds the real site once in global setup, then checks
 * the output and drives it in Chromium).
 */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    projects: [
      {
        test: {
          name: 'unit',
          root: new URL('..', import.meta.url).pathname,
          include: ['tests/unit/**/*.test.ts', 'tests/plugins/**/*.test.ts', 'tests/content/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'site',
          root: new URL('..', import.meta.url).pathname,
          include: ['tests/site/**/*.test.ts'],
          globalSetup: ['tests/site/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
