/**
 * The size and hash of every file of the built site, for the offline plan (src/lib/offline-plan.ts)
 * and the service worker. Reading and hashing the whole site took most of the service worker step
 * (0.5 of 0.8 s at 1,000 notes, 300 MB), which waited for Pagefind and the file:// copy. Each writes
 * its own files into the staged site (Pagefind its bundles, the copy its zip) and nothing else: as
 * soon as one of them is done, every file but the other's is hashed while the other still works, and
 * only what is left is hashed by the step itself.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteFile } from '../lib/offline-plan.ts';
import { siteFiles } from './site-files.ts';

/** Files of Pagefind's bundles (`pagefind/`, `pagefind-1/`, …: see pagefind-index.ts), written by its step. */
export const isSearchIndexFile = (path: string): boolean => /^pagefind(?:-\d+)?\//.test(path);

/** The file:// copy's zip, which the copy (offline-files.ts) writes into the site's downloads. */
export const OFFLINE_ZIP = 'downloads/dl-theory-notes-offline.zip';

/** Reads one file through `buffer`, a piece at a time, into its size and hash. */
async function hashFile(path: string, buffer: Buffer): Promise<{ size: number; hash: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const file = await open(path);
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await file.close();
  }
  return { size, hash: hash.digest('hex').slice(0, 16) };
}

/**
 * Hashes `paths` of `site`, four files at a time, each read through a buffer of its own. Read whole,
 * the pages hashed while Pagefind's binary writes its index (the build's memory peak) grew this
 * process by about 40 MB of buffers not yet collected.
 */
async function hashFiles(site: string, paths: readonly string[]): Promise<SiteFile[]> {
  const files: SiteFile[] = new Array(paths.length);
  let next = 0;
  const reader = async () => {
    const buffer = Buffer.allocUnsafeSlow(1 << 20);
    for (let i = next++; i < paths.length; i = next++)
      files[i] = { path: paths[i], ...(await hashFile(join(site, paths[i]), buffer)) };
  };
  await Promise.all([reader(), reader(), reader(), reader()]);
  return files;
}

/**
 * Hashes the files of `site` but those a step still running may write (`stillWriting`). Resolves to
 * undefined if that fails (the site is then hashed whole, later).
 */
export async function hashSettledFiles(
  site: string,
  stillWriting: (path: string) => boolean,
): Promise<Map<string, SiteFile> | undefined> {
  try {
    const paths = (await siteFiles(site)).filter((path) => !stillWriting(path));
    return new Map((await hashFiles(site, paths)).map((f) => [f.path, f]));
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
  const rest = await hashFiles(site, settled ? paths.filter((p) => !settled.has(p)) : paths);
  const fresh = new Map(rest.map((f) => [f.path, f]));
  return paths.map((p) => settled?.get(p) ?? fresh.get(p)!);
}
