import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One value kept in a file of a cache folder with the key of what it was computed from (a hash of
 * its inputs and of the code that computes it), for the next build to read instead of computing it
 * again. A cache only saves time: a file that is missing, damaged or of another key is a miss, and
 * one that cannot be written is left for the next build to write.
 */

/** Where a build keeps one value for the next: the file, and the version of the code that computes it. */
export interface KeyedCache {
  file: string;
  code: string;
}

/** The value stored in `file` under `key`, or undefined. */
export function readKeyed<T>(file: string, key: string): T | undefined {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; value?: T };
    return stored.key === key ? stored.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores `value` (JSON) in `file` under `key` (if there is a file), written whole under a temporary
 * name and renamed, so a reader sees the old file or the new one. Returns the value as JSON gives it
 * back (no field set to undefined), so what is computed and what is read later are the same.
 */
export function writeKeyed<T>(file: string | undefined, key: string, value: T): T {
  const json = JSON.stringify({ key, value });
  const copy = (JSON.parse(json) as { value: T }).value;
  if (file === undefined) return copy;
  const partial = `${file}.${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, json);
    renameSync(partial, file);
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // No folder, so no file.
    }
  }
  return copy;
}
