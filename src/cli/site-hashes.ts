/**
 * The size and hash of every file of the built site, for the offline plan (src/lib/offline-plan.ts)
 * and the service worker. Reading and hashing the whole site took most of the service worker step
 * (0.5 of 0.8 s at 1,000 notes, 300 MB), which waited for Pagefind: the files Pagefind does not
 * write are now hashed as soon as the file:// copy is done (its zip is one of them), while Pagefind
 * still writes its index, and only the search bundles are left for the step itself.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteFile } from '../lib/offline-plan.ts';
import { siteFiles } from './site-files.ts';

/** Files of Pagefind's bundles (`pagefind/`, `pagefind-1/`, …: see pagefind-index.ts), written by its step. */
export const isSearchIndexFile = (path: string): boolean => /^pagefind(?:-\d+)?\//.test(path);

const hash16 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** Hashes `paths` of `site`, 16 files at a time. */
async function hashFiles(site: string, paths: readonly string[]): Promise<SiteFile[]> {
  const files: SiteFile[] = [];
  for (let i = 0; i < paths.length; i += 16) {
    const batch = await Promise.all(
      paths.slice(i, i + 16).map(async (path) => {
        const data = await readFile(join(site, path));
        return { path, size: data.length, hash: hash16(data) };
      }),
    );
    files.push(...batch);
  }
  return files;
}

/**
 * Hashes the files of `site` that nothing writes any more once the file:// copy is done: every file
 * but Pagefind's. Resolves to undefined if that fails (the site is then hashed whole, later).
 */
export async function hashSettledFiles(site: string): Promise<Map<string, SiteFile> | undefined> {
  try {
    const files = await hashFiles(
      site,
      (await siteFiles(site)).filter((path) => !isSearchIndexFile(path)),
    );
    return new Map(files.map((f) => [f.path, f]));
  } catch {
    return undefined;
  }
}

/**
 * Every file of the built site with its size and hash (16 hex digits of SHA-256: what the worker
 * compares), in path order; files in `settled` (hashed earlier, see hashSettledFiles) are not read again.
 */
export async function hashSite(site: string, settled?: ReadonlyMap<string, SiteFile>): Promise<SiteFile[]> {
  const paths = await siteFiles(site);
  const fresh = new Map(
    (
      await hashFiles(
        site,
        paths.filter((p) => !settled?.has(p)),
      )
    ).map((f) => [f.path, f]),
  );
  return paths.map((p) => settled?.get(p) ?? fresh.get(p)!);
}
