import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { arch } from 'node:os';
import { describe, expect, it } from 'vitest';
import { PAGEFIND_MALLOC_CONF } from '../../src/cli/build-steps.ts';

// The build gives Pagefind's binary jemalloc settings through an environment variable (see
// PAGEFIND_MALLOC_CONF). Should a new Pagefind build its allocator differently, the variable would be
// ignored without a word and the build's peak memory would grow by about 170 MB: these tests notice.
// Pagefind's Linux binaries are the ones built with jemalloc, and the build's memory targets are Linux's.
describe.runIf(process.platform === 'linux')("Pagefind's binary reads the build's allocator settings", () => {
  const binary = createRequire(import.meta.url).resolve(`@pagefind/linux-${arch()}/bin/pagefind_extended`);
  const run = (conf: string) =>
    spawnSync(binary, ['--version'], { env: { ...process.env, _RJEM_MALLOC_CONF: conf }, encoding: 'utf8' });

  it('accepts the settings the build gives it', () => {
    const ok = run(`abort_conf:true,${PAGEFIND_MALLOC_CONF}`);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  });

  it('reads them from _RJEM_MALLOC_CONF (a bad value there stops it)', () => {
    const bad = run('abort_conf:true,narenas:none');
    expect(bad.stderr).toContain('Invalid conf value');
    expect(bad.status).not.toBe(0);
  });
});
