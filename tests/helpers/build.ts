import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * Runs `npm run build`'s script (src/cli/build.ts) in a child process with the project's Node.
 * Vitest puts Vite's own variables into process.env (NODE_ENV=test, BASE_URL=/, MODE, DEV, SSR…);
 * they are removed so the child builds exactly as a reader's `npm run build` would.
 */
export function buildSite(env: Record<string, string>, nodeArgs: string[] = []): { ok: boolean; log: string } {
  const clean = buildEnv();
  const result = spawnSync(process.execPath, [...nodeArgs, 'src/cli/build.ts'], {
    cwd: root,
    env: { ...clean, DLT_QUIET: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: result.status === 0, log: `${result.stdout}\n${result.stderr}` };
}

/** This process's environment without Vite's variables, for a build run as a reader would run it. */
export function buildEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(VITEST.*|NODE_ENV|BASE_URL|MODE|DEV|PROD|SSR|TEST)$/.test(k)),
  ) as Record<string, string>;
}

/**
 * Builds a small corpus (see corpus.ts) into `dist` as a site whose "Save the whole site" is offered,
 * as on a large site (a small one is otherwise precached whole), with its caches beside `dist`.
 */
export function buildSaveModeSite(
  content: string,
  dist: string,
  env: Record<string, string> = {},
): { ok: boolean; log: string } {
  return buildSite({
    DLT_CONTENT_ROOT: content,
    DLT_DIST: dist,
    DLT_CACHE_DIR: join(dirname(dist), 'cache'),
    DLT_PRECACHE_ALL_MB: '0',
    ...env,
  });
}
