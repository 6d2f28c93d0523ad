import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'dlt-compile-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A process that shares the cache (as src/cli/build.ts does) and starts a step: the step reports the
 * compile cache it runs with and loads a module, as every step of a build does.
 */
function runBuildLike(env: NodeJS.ProcessEnv): { step: string } {
  const module = join(work, 'step-module.mjs');
  writeFileSync(module, 'export const answer = 42;\n');
  const step = join(work, 'step.mjs');
  writeFileSync(
    step,
    `import { getCompileCacheDir } from 'node:module';\n` +
      `await import(${JSON.stringify(module)});\n` +
      `console.log(getCompileCacheDir() ?? 'none');\n`,
  );
  const build = join(work, 'build.ts');
  writeFileSync(
    build,
    `import { execFileSync } from 'node:child_process';\n` +
      `import { shareCompileCache } from ${JSON.stringify(join(process.cwd(), 'src/cli/compile-cache.ts'))};\n` +
      `shareCompileCache(${JSON.stringify(join(work, 'caches'))});\n` +
      `process.stdout.write(execFileSync(process.execPath, [${JSON.stringify(step)}], { encoding: 'utf8' }));\n`,
  );
  const clean = { ...process.env };
  delete clean.NODE_COMPILE_CACHE;
  delete clean.NODE_DISABLE_COMPILE_CACHE;
  return { step: execFileSync(process.execPath, [build], { encoding: 'utf8', env: { ...clean, ...env } }).trim() };
}

describe('the compile cache the build shares with its steps (src/cli/compile-cache.ts)', () => {
  it('runs every step with it, beside the build caches, and fills it', () => {
    const { step } = runBuildLike({});
    // Node keeps a subfolder per Node version in the folder it is given.
    expect(dirname(step)).toBe(join(work, 'caches', 'node-compile-cache'));
    expect(readdirSync(step).length).toBeGreaterThan(0);
  });

  it("keeps the caller's choice of folder, or none", () => {
    expect(dirname(runBuildLike({ NODE_COMPILE_CACHE: join(work, 'chosen') }).step)).toBe(join(work, 'chosen'));
    expect(runBuildLike({ NODE_DISABLE_COMPILE_CACHE: '1' }).step).toBe('none');
  });
});
