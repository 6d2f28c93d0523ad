import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

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
