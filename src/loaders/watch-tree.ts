import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders no content is read from (see listFiles), which may hold thousands of folders to watch. */
const SKIPPED = new Set(['node_modules', '.git']);

/**
 * Watches a folder and every folder under it with one plain `fs.watch` each, and calls `onChange`
 * after any change below it. Symbolic links are not followed (listFiles does not follow them), nor
 * are node_modules and .git entered. `npm run dev` watches the content folder so, not through Vite's
 * watcher: chokidar lists a folder again, with an `lstat` of every entry, after any change in it,
 * which took about 120 ms of the dev server's thread after each save in a folder of 5,000 notes,
 * beside the reload the save starts. Node's recursive `fs.watch` took 34 ms a change there; one watch
 * per folder takes under 1 ms. A folder is listed again (its names only, no `lstat`) only when an
 * entry of it is added, removed or renamed, to watch new subfolders and drop removed ones. The
 * watches do not keep the process alive. `ready` resolves once every folder is watched; `close`
 * stops them.
 */
export function watchTree(root: string, onChange: () => void): { ready: Promise<void>; close: () => void } {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  const unwatch = (dir: string) => {
    for (const [path, watcher] of watchers)
      if (path === dir || path.startsWith(`${dir}/`)) {
        watcher.close();
        watchers.delete(path);
      }
  };
  const scan = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
    if (closed) return;
    if (!entries) return unwatch(dir);
    const folders = new Set(
      entries.filter((e) => e.isDirectory() && !SKIPPED.has(e.name)).map((e) => join(dir, e.name)),
    );
    for (const path of watchers.keys())
      if (path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes('/') && !folders.has(path)) unwatch(path);
    await Promise.all([...folders].map((folder) => add(folder)));
  };
  const add = async (dir: string): Promise<void> => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (event) => {
        onChange();
        if (event === 'rename') void scan(dir);
      });
    } catch {
      return; // gone before it could be watched
    }
    watcher.on('error', () => unwatch(dir));
    watcher.unref();
    watchers.set(dir, watcher);
    await scan(dir);
  };
  return {
    ready: add(root),
    close: () => {
      closed = true;
      unwatch(root);
    },
  };
}
