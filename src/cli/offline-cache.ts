import { createHash } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import type { OfflineSearchEntry } from '../lib/offline-search.ts';

/** One file of the file:// copy as the zip holds it. */
export interface CopiedFile {
  /** Bytes before compression. */
  size: number;
  crc: number;
  /** The file, deflated (raw deflate, as a zip entry holds it). */
  deflated: Uint8Array;
  /** Its entry in the copy's search index, for a searchable page. */
  entry?: OfflineSearchEntry;
}

/**
 * The file:// copy's files from earlier builds, by a hash of what they were made from (the built
 * file's path and bytes, the base path and the code that transforms them). After an edit to one note
 * nearly every built page is byte for byte what it was, and rewriting, indexing and deflating 1,000
 * pages again was the longest step of that rebuild (28 of its 42 s, npm run bench). One file per
 * entry: a 4-byte header length, the header as JSON, then the deflated bytes. Beside it, the file
 * itself (`<key>.raw`), which the copy's folder links to instead of inflating and writing it again.
 */
export class OfflineCache {
  readonly #dir: string;
  readonly #version: string;
  readonly #used = new Set<string>();
  /** False once a link could not be made (the cache on another file system): files are written then. */
  #links = true;
  /** The cache folder, made by the first put. */
  #made: Promise<unknown> | undefined;

  constructor(dir: string, version: string) {
    this.#dir = dir;
    this.#version = version;
  }

  /** The key of the copy of `rel` made from `data`. */
  keyOf(rel: string, data: Uint8Array): string {
    return createHash('sha256')
      .update(this.#version)
      .update('\0')
      .update(rel)
      .update('\0')
      .update(data)
      .digest('base64url')
      .slice(0, 32);
  }

  async get(key: string): Promise<CopiedFile | undefined> {
    const data = await readFile(join(this.#dir, `${key}.bin`)).catch(() => undefined);
    if (!data || data.length < 4) return undefined;
    const headerLength = data.readUInt32LE(0);
    if (4 + headerLength > data.length) return undefined;
    try {
      const header = JSON.parse(data.subarray(4, 4 + headerLength).toString('utf8')) as Omit<CopiedFile, 'deflated'>;
      this.#used.add(key);
      return { ...header, deflated: data.subarray(4 + headerLength) };
    } catch {
      return undefined;
    }
  }

  /**
   * Stores an entry (written under a temporary name and renamed, so a reader never sees half of one),
   * and `written`, the file itself where the copy wrote it, as its raw copy (see keepRaw).
   */
  async put(key: string, file: CopiedFile, written?: string): Promise<void> {
    await (this.#made ??= mkdir(this.#dir, { recursive: true }));
    const header = Buffer.from(JSON.stringify({ size: file.size, crc: file.crc, entry: file.entry }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const path = join(this.#dir, `${key}.bin`);
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, Buffer.concat([length, header, file.deflated]));
    await rename(temp, path);
    this.#used.add(key);
    if (written) await this.keepRaw(key, written);
  }

  /**
   * Puts the copied file `file` (as `get` described it) at `target`, as a link to the cache's copy;
   * false if there is none, or it is not what the entry says (a file of the published copy edited
   * in place is the same file), and the file must be written.
   */
  async linkRaw(key: string, file: CopiedFile, target: string): Promise<boolean> {
    if (!this.#links) return false;
    const raw = join(this.#dir, `${key}.raw`);
    const bytes = await readFile(raw).catch(() => undefined);
    if (!bytes || bytes.length !== file.size || crc32(bytes) !== file.crc) return false;
    return link(raw, target).then(
      () => true,
      () => (this.#links = false),
    );
  }

  /** Keeps the written file `written` as the cache's copy of `key` (a link; nothing if links cannot be made). */
  async keepRaw(key: string, written: string): Promise<void> {
    await (this.#made ??= mkdir(this.#dir, { recursive: true }));
    const path = join(this.#dir, `${key}.raw`);
    const temp = `${path}.${process.pid}.tmp`;
    try {
      await link(written, temp);
      await rename(temp, path);
    } catch {
      this.#links = false;
      await rm(temp, { force: true });
    }
  }

  /**
   * Removes the entries this build did not use that are older than `minAgeMs` (an hour by default: a
   * build of the same corpus running alongside may be reading a younger one), and marks the used ones.
   */
  async prune(minAgeMs = 3600 * 1000): Promise<void> {
    const now = new Date();
    for (const name of await readdir(this.#dir).catch(() => [] as string[])) {
      const path = join(this.#dir, name);
      if (this.#used.has(name.replace(/\.(?:bin|raw)$/, ''))) {
        // Not the file itself: it is also the published copy's file.
        if (name.endsWith('.bin')) await utimes(path, now, now).catch(() => undefined);
        continue;
      }
      const info = await stat(path).catch(() => undefined);
      if (info && now.getTime() - info.mtimeMs > minAgeMs) await rm(path, { force: true });
    }
  }
}
