import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DISCARD_PREFIX,
  discardLater,
  MANIFEST,
  publish,
  PublishError,
  realFs,
  recoverStaleBuilds,
  type PublishFs,
} from '../../src/cli/publish.ts';

/** Writes a folder from a map of relative path → content. */
function folder(path: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(path, rel, '..'), { recursive: true });
    writeFileSync(join(path, rel), text);
  }
  return path;
}

/** Every file under a folder as relative path → content (the manifest left out). */
function contents(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || e.name === MANIFEST) continue;
    const full = join(e.parentPath, e.name);
    out[full.slice(path.length + 1)] = readFileSync(full, 'utf8');
  }
  return out;
}

/**
 * The real file system, except that the first rename of a staged build onto `failTo` fails the way
 * Windows or a busy mount does (and any rename `also` picks, every time).
 */
function failingRename(failTo: string, code = 'EPERM', also?: (from: string, to: string) => boolean): PublishFs {
  let failed = false;
  return {
    ...realFs,
    rename: async (from, to) => {
      const first = !failed && to === failTo && !from.includes('old-');
      if (first) failed = true;
      if (first || also?.(from, to))
        throw Object.assign(new Error(`${code}: operation not permitted, rename '${from}' -> '${to}'`), { code });
      await realFs.rename(from, to);
    },
  };
}

function setup() {
  const work = mkdtempSync(join(tmpdir(), 'dlt-publish-'));
  const dist = folder(join(work, 'dist'), {
    'index.html': 'old home',
    'notes/a/index.html': 'old a',
    CNAME: 'notes.example.org',
    '.git/HEAD': 'ref: main',
  });
  const offline = folder(join(work, 'dist-offline'), { 'index.html': 'old offline' });
  const parking = join(work, '.build-1');
  const site = folder(join(parking, 'site'), { 'index.html': 'new home', 'notes/b/index.html': 'new b' });
  const copy = folder(join(parking, 'offline'), { 'index.html': 'new offline' });
  return {
    work,
    dist,
    offline,
    parking,
    site,
    copy,
    items: [
      { staged: site, target: dist },
      { staged: copy, target: offline },
    ],
  };
}

describe('publish', () => {
  it("replaces each target with its staged build and carries over the user's .git and CNAME", async () => {
    const t = setup();
    await publish(t.items, t.parking);
    expect(contents(t.dist)).toEqual({
      'index.html': 'new home',
      'notes/b/index.html': 'new b',
      CNAME: 'notes.example.org',
      '.git/HEAD': 'ref: main',
    });
    expect(contents(t.offline)).toEqual({ 'index.html': 'new offline' });
    expect(readdirSync(t.parking)).toEqual([]);
  });

  it('drops stale pages of an older build that left no manifest, keeping only dotfiles and CNAME', async () => {
    const t = setup();
    folder(t.dist, { 'old-page/index.html': 'stale' });
    await publish(t.items, t.parking);
    expect(existsSync(join(t.dist, 'old-page'))).toBe(false);
  });

  it('keeps any entry the previous build did not write, once builds leave a manifest', async () => {
    const t = setup();
    await publish(t.items, t.parking);
    folder(t.dist, { 'google1234.html': 'site verification' });
    mkdirSync(t.parking, { recursive: true });
    const next = folder(join(t.parking, 'site'), { 'index.html': 'newer home' });
    await publish([{ staged: next, target: t.dist }], t.parking);
    expect(contents(t.dist)).toEqual({
      'index.html': 'newer home',
      CNAME: 'notes.example.org',
      '.git/HEAD': 'ref: main',
      'google1234.html': 'site verification',
    });
  });

  it('puts the previous site back, whole, when moving the new one into place fails', async () => {
    const t = setup();
    const before = contents(t.dist);
    const error = await publish(t.items, t.parking, failingRename(t.dist)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).restored).toBe(true);
    expect((error as PublishError).message).toMatch(
      /could not move the new site into place \(EPERM.*\); the previous site was put back/,
    );
    expect(contents(t.dist)).toEqual(before);
    expect(contents(t.offline)).toEqual({ 'index.html': 'old offline' });
  });

  it('undoes the first target when the second fails, so the site and its offline copy stay one version', async () => {
    const t = setup();
    const before = contents(t.dist);
    await expect(publish(t.items, t.parking, failingRename(t.offline))).rejects.toThrow(/previous site was put back/);
    expect(contents(t.dist)).toEqual(before);
    expect(contents(t.offline)).toEqual({ 'index.html': 'old offline' });
  });

  it('says where the previous site is when even the undo fails, and deletes nothing', async () => {
    const t = setup();
    const before = contents(t.dist);
    const io = failingRename(t.dist, 'EPERM', (from, to) => from.endsWith('old-dist') && to === t.dist);
    const error = (await publish(t.items, t.parking, io).catch((e: unknown) => e)) as PublishError;
    expect(error.restored).toBe(false);
    expect(error.message).toMatch(/The previous site is kept in .*old-dist: move it back by hand/);
    const { '.git/HEAD': _git, CNAME: _cname, ...pages } = before;
    expect(contents(error.preserved[0])).toEqual(pages);
  });
});

describe('recoverStaleBuilds', () => {
  /** The id of a process that has exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;

  it("restores a site parked by a build killed in the middle of its swap, with the user's entries", async () => {
    const t = setup();
    const dead = join(t.work, `.build-${deadPid()}`);
    // What a build killed between its renames leaves: the old site parked, the new one staged with .git moved in.
    folder(join(dead, 'old-dist'), { 'index.html': 'old home' });
    folder(join(dead, 'site'), { 'index.html': 'new home', '.git/HEAD': 'ref: main' });
    writeFileSync(join(dead, 'site', MANIFEST), JSON.stringify({ entries: ['index.html'] }));
    await realFs.rm(t.dist, { recursive: true, force: true });
    const log = await recoverStaleBuilds(t.dist, [{ target: t.dist, stagedName: 'site' }]);
    expect(contents(t.dist)).toEqual({ 'index.html': 'old home', '.git/HEAD': 'ref: main' });
    expect(existsSync(dead)).toBe(false);
    expect(log.join('\n')).toMatch(/restored .*dist from a build that was stopped/);
  });

  it('removes staging folders of dead builds, and leaves those of running builds alone', async () => {
    const t = setup();
    const dead = folder(join(t.work, `.build-${deadPid()}`), { 'site/index.html': 'half a site' });
    const running = folder(join(t.work, `.build-${process.ppid}`), { 'site/index.html': 'in progress' });
    await recoverStaleBuilds(t.dist, [{ target: t.dist, stagedName: 'site' }]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(contents(t.dist)['index.html']).toBe('old home');
  });
});

describe('discardLater', () => {
  it('takes the folder away at once, out of the staging names, and removes it in the background', async () => {
    const work = mkdtempSync(join(tmpdir(), 'dlt-discard-'));
    const staging = folder(join(work, '.build-1'), {
      'old-dist/index.html': 'the previous site',
      'old-dist/notes/a/index.html': 'a page',
    });
    await discardLater(staging);
    expect(existsSync(staging)).toBe(false);
    // The removal runs in a process of its own; the build has not waited for it.
    for (let waited = 0; readdirSync(work).length > 0; waited += 20) {
      expect(readdirSync(work).every((name) => name.startsWith(DISCARD_PREFIX))).toBe(true);
      if (waited > 5000) throw new Error(`still there after 5 s: ${readdirSync(work).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
