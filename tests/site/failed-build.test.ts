import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnv, buildSite } from '../helpers/build.ts';
import { corpus, note, removeCorpora } from '../helpers/corpus.ts';

const root = resolve(import.meta.dirname, '../..');

/** A fingerprint of every file in a folder: paths and contents. */
function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) =>
    join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
  )) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    hash.update(path.slice(dir.length)).update(readFileSync(path));
  }
  return hash.digest('hex');
}

describe('a failed build', () => {
  let work: string;
  let content: string;
  let dist: string;
  let before: string;
  let offlineBefore: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dlt-failed-'));
    // A small valid corpus (two notes, two papers, a figure): what is tested is the build's handling
    // of failures, which does not depend on the size of the site.
    content = await corpus();
    dist = join(work, 'dist');
    const first = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist });
    expect(first.ok, first.log).toBe(true);
    // What a user keeps in dist/ for deploying: it survives every build.
    mkdirSync(join(dist, '.git'));
    writeFileSync(join(dist, '.git', 'HEAD'), 'ref: refs/heads/gh-pages\n');
    writeFileSync(join(dist, 'CNAME'), 'notes.example.org\n');
    before = fingerprint(dist);
    offlineBefore = fingerprint(`${dist}-offline`);
  });

  afterAll(async () => {
    await removeCorpora();
    rmSync(work, { recursive: true, force: true });
  });

  const unchanged = () => {
    expect(fingerprint(dist)).toBe(before);
    expect(fingerprint(`${dist}-offline`)).toBe(offlineBefore);
    expect(readdirSync(work).filter((f) => f.startsWith('.build-'))).toEqual([]);
  };

  it('exits non-zero, names the problem, and leaves the last good site exactly as it was', () => {
    const note = join(content, 'content/notes/alpha.md');
    const original = readFileSync(note, 'utf8');
    writeFileSync(note, `${original}\nSee [[no-such-note]] and $\\frac{1}{$.\n`);
    const failed = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist });
    writeFileSync(note, original);
    expect(failed.ok).toBe(false);
    expect(failed.log).toMatch(/content\/notes\/alpha\.md:\d+:\d+ {2}wikilink \[\[no-such-note\]\] points to no note/);
    expect(failed.log).toMatch(/content\/notes\/alpha\.md:\d+:\d+ {2}could not render math/);
    expect(failed.log).toContain(`The previous site in ${dist} is unchanged.`);
    unchanged();
  });

  it('puts the last good site back when moving the new one into place fails (EPERM)', () => {
    const failed = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist, DLT_TEST_FAIL_RENAME_TO: dist }, [
      '--import',
      join(root, 'tests/helpers/fail-rename.mjs'),
    ]);
    expect(failed.ok).toBe(false);
    expect(failed.log).toMatch(/could not move the new site into place \(EPERM[^)]*\); the previous site was put back/);
    expect(failed.log).toContain(`The previous site in ${dist} is unchanged.`);
    unchanged();
  });

  it("keeps the user's .git and CNAME in dist/ across a successful build", () => {
    const ok = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist });
    expect(ok.ok, ok.log).toBe(true);
    expect(readFileSync(join(dist, 'CNAME'), 'utf8')).toBe('notes.example.org\n');
    expect(readFileSync(join(dist, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/gh-pages\n');
  });

  // Disk sizes relative to the site's own size S (and its offline copy's, O): a smaller disk fills
  // up while the new site is written (Astro's output or Pagefind's index), a larger one while the
  // offline files are.
  const kbOf = (dir: string) => Number(spawnSync('du', ['-sk', dir], { encoding: 'utf8' }).stdout.split('\t')[0]);
  it.each([
    ['while writing the new site', 1.5, 0],
    ['while writing the offline files', 2.1, 0.3],
  ])(
    'reports a full disk (%s) as a failed build, removes what it wrote and keeps the last good site',
    (_when, siteShare, offlineShare) => {
      const size = `${Math.round(kbOf(dist) * siteShare + kbOf(`${dist}-offline`) * offlineShare)}k`;
      // A small tmpfs, mounted in a private mount namespace (no root needed): the previous site fits,
      // a second copy does not. The checks run inside, since the mount ends with the namespace.
      const out = mkdtempSync(join(tmpdir(), 'dlt-enospc-'));
      const script = `
      set -e
      mnt="${out}/mnt"; mkdir -p "$mnt"
      mount -t tmpfs -o size=${size} tmpfs "$mnt"
      cp -r "${dist}" "$mnt/dist"
      (cd "$mnt/dist" && find . -type f | sort | xargs sha256sum) > "${out}/before.txt"
      set +e
      DLT_QUIET=1 DLT_CONTENT_ROOT="${content}" DLT_DIST="$mnt/dist" "${process.execPath}" src/cli/build.ts > "${out}/log.txt" 2>&1
      echo $? > "${out}/status.txt"
      (cd "$mnt/dist" && find . -type f | sort | xargs sha256sum) > "${out}/after.txt"
      ls -A "$mnt" > "${out}/ls.txt"
    `;
      const env = buildEnv();
      const run = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], {
        cwd: root,
        env,
        encoding: 'utf8',
      });
      if (run.error || run.status !== 0) {
        throw new Error(
          `Could not run a build on a small tmpfs (needs util-linux unshare and user namespaces): ${run.error?.message ?? run.stderr}`,
        );
      }
      const log = readFileSync(join(out, 'log.txt'), 'utf8');
      expect(readFileSync(join(out, 'status.txt'), 'utf8').trim()).toBe('1');
      expect(log).toMatch(/Build failed\. The previous site in .* is unchanged\./);
      expect(log).toMatch(
        /The disk is full \(ENOSPC[^)]*\)\. The partial build was removed|The disk holding .* is full \(ENOSPC\)/,
      );
      expect(readFileSync(join(out, 'after.txt'), 'utf8')).toBe(readFileSync(join(out, 'before.txt'), 'utf8'));
      expect(readFileSync(join(out, 'ls.txt'), 'utf8').split('\n').filter(Boolean)).toEqual(['dist']);
    },
  );
});

/** Processes whose command line contains `text` (Linux /proc), as "pid command". */
function processesWith(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(text) && Number(pid) !== process.pid) found.push(`${pid} ${cmd}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** The processes whose parent is `pid`, as "pid command". */
function childrenOf(pid: number): string[] {
  return processesWith('').filter((p) => {
    try {
      return (
        readFileSync(`/proc/${p.split(' ')[0]}/stat`, 'utf8')
          .split(') ')[1]
          .split(' ')[1] === String(pid)
      );
    } catch {
      return false;
    }
  });
}

/** True while `pid` runs (a zombie has stopped running). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}

describe('a build stopped with Ctrl-C while Pagefind indexes', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-sigint-'));
  afterAll(async () => {
    await removeCorpora();
    rmSync(work, { recursive: true, force: true });
  });

  it('stops Pagefind and its binary, removes the staging folder and keeps the last good site', async () => {
    // Sixty notes of 4,000 words each keep Pagefind busy for a second or two, long enough to be seen
    // running and stopped: with the small corpus alone it could finish between two looks.
    const words = (seed: number) =>
      Array.from({ length: 4000 }, (_, j) => `w${((seed + 1) * 7919 + j * 104729) % 60000}`).join(' ');
    const filler: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      filler[`content/notes/filler-${i}.md`] = note(
        { title: `Filler ${i}`, summary: 'Words for the index.', section: 'theory', tags: ['optimization'] },
        `Filler ${i} links to [[alpha]].\n\n${words(i)}\n`,
      );
    const content = await corpus(filler);
    const dist = join(work, 'dist');
    const first = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist });
    expect(first.ok, first.log).toBe(true);
    const before = fingerprint(dist);
    const env = buildEnv();
    // Empty caches: with the first build's, Pagefind would have nothing to index (its bundle is cached).
    const build = spawn(process.execPath, ['src/cli/build.ts'], {
      cwd: root,
      env: { ...env, DLT_QUIET: '1', DLT_CONTENT_ROOT: content, DLT_DIST: dist, DLT_CACHE_DIR: join(work, 'cold') },
    });
    let log = '';
    build.stdout.on('data', (d) => (log += d));
    build.stderr.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((resolvePromise) => build.on('exit', resolvePromise));
    // The Pagefind step (its command line names the staging folder, inside `work`) and the Pagefind
    // binary it started, both running.
    // Up to three minutes: with test files running side by side, the build may first wait its turn
    // behind another build (src/cli/build-lock.ts).
    let helpers: string[] = [];
    for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
      const step = processesWith(join(work, '.build-')).find((p) => p.includes('pagefind-step.ts'));
      const binary = step ? childrenOf(Number(step.split(' ')[0])).filter((p) => p.includes('pagefind')) : [];
      if (step && binary.length > 0) {
        helpers = [step, ...binary];
        break;
      }
      await sleep(10);
    }
    expect(helpers, `the Pagefind step never started its binary:\n${log}`).not.toEqual([]);
    build.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(log).toContain('The build was stopped (SIGINT); nothing was published.');
    expect(processesWith(join(work, '.build-'))).toEqual([]);
    expect(helpers.filter((p) => running(Number(p.split(' ')[0])))).toEqual([]);
    expect(readdirSync(work).filter((f) => f.startsWith('.build-'))).toEqual([]);
    expect(fingerprint(dist)).toBe(before);
  }, 300_000);
});
