import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build.ts';

const root = resolve(import.meta.dirname, '../..');

/** A fingerprint of every file in a folder: paths and contents. */
function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    hash.update(path.slice(dir.length)).update(readFileSync(path));
  }
  return hash.digest('hex');
}

describe('a failed build', () => {
  it('exits non-zero, names the problem, and leaves the last good site exactly as it was', () => {
    const work = mkdtempSync(join(tmpdir(), 'dlt-failed-'));
    const content = join(work, 'corpus');
    cpSync(join(root, 'content'), join(content, 'content'), { recursive: true });
    const dist = join(work, 'dist');
    expect(buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist }).ok).toBe(true);
    const before = fingerprint(dist);
    const offlineBefore = fingerprint(`${dist}-offline`);

    const note = join(content, 'content/notes/memorization.md');
    writeFileSync(note, `${readFileSync(note, 'utf8')}\nSee [[no-such-note]] and $\\frac{1}{$.\n`);
    const failed = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist });
    expect(failed.ok).toBe(false);
    expect(failed.log).toMatch(/content\/notes\/memorization\.md:\d+:\d+ {2}wikilink \[\[no-such-note\]\] points to no note/);
    expect(failed.log).toMatch(/content\/notes\/memorization\.md:\d+:\d+ {2}could not render math/);
    expect(failed.log).toContain(`The previous site in ${dist} is unchanged.`);
    expect(fingerprint(dist)).toBe(before);
    expect(fingerprint(`${dist}-offline`)).toBe(offlineBefore);
    expect(readdirSync(work).filter((f) => f.startsWith('.build-'))).toEqual([]);
  });
});
