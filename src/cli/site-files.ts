import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under a built site folder, relative to it with forward slashes, sorted. */
export async function siteFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}
