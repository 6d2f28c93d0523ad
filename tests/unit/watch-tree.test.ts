import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { watchTree } from '../../src/loaders/watch-tree.ts';

const work = await mkdtemp(join(tmpdir(), 'dlt-watch-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Resolves once `count()` has grown past `before`, or fails after two seconds. */
async function changed(count: () => number, before: number, what: string): Promise<void> {
  for (let waited = 0; count() === before; waited += 10) {
    if (waited > 2000) throw new Error(`no change seen after ${what}`);
    await sleep(10);
  }
}

describe('watchTree (how `npm run dev` hears of content edits)', () => {
  it('hears a change anywhere below the folder, in folders made or moved in later too', async () => {
    const root = join(work, 'content');
    await mkdir(join(root, 'notes/deep'), { recursive: true });
    await writeFile(join(root, 'notes/a.md'), 'a');
    let events = 0;
    const watcher = watchTree(root, () => events++);
    await watcher.ready;
    const after = async (what: string, change: () => Promise<unknown>) => {
      const before = events;
      await change();
      await changed(() => events, before, what);
      await sleep(50); // a change may come as several events
    };
    await after('editing a note', () => writeFile(join(root, 'notes/a.md'), 'a, edited'));
    await after('editing a note in a subfolder', () => writeFile(join(root, 'notes/deep/b.md'), 'b'));
    await after('editing a file beside the notes', () => writeFile(join(root, 'tags.yml'), '[]'));
    await after('making a folder', () => mkdir(join(root, 'notes/new')));
    await sleep(100); // the new folder is listed, then watched
    await after('adding a note to the new folder', () => writeFile(join(root, 'notes/new/c.md'), 'c'));
    const moved = join(work, 'moved');
    await mkdir(moved);
    await after('moving a folder in', () => rename(moved, join(root, 'notes/moved')));
    await sleep(100);
    await after('adding a note to the moved folder', () => writeFile(join(root, 'notes/moved/d.md'), 'd'));
    await after('removing a folder', () => rm(join(root, 'notes/deep'), { recursive: true }));
    await after('saving a note over a temporary file', async () => {
      await writeFile(join(root, 'notes/.a.md.tmp'), 'a, saved');
      await rename(join(root, 'notes/.a.md.tmp'), join(root, 'notes/a.md'));
    });

    // node_modules and .git are not entered: nothing there is content.
    await mkdir(join(root, 'notes/node_modules/pkg'), { recursive: true });
    await sleep(100);
    const quiet = events;
    await writeFile(join(root, 'notes/node_modules/pkg/index.js'), '');
    await sleep(200);
    expect(events).toBe(quiet);

    watcher.close();
    const before = events;
    await writeFile(join(root, 'notes/a.md'), 'after close');
    await sleep(200);
    expect(events).toBe(before);
  });
});
