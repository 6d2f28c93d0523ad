/**
 * The file:// copy's search index (`_offline/search-index.js`: `window.__DLT_SEARCH__=[…];`, entries
 * in URL order). Entries arrive one per page while the copy runs, in no set order. Each one goes to a
 * scratch file as soon as it comes, and only its URL and place are kept in memory: held as objects,
 * the entries of 6,700 pages took 75-90 MB of the copy's process near its end, beside Pagefind's
 * binary writing a bundle (the 5,000-note build's peak).
 */
import { once } from 'node:events';
import { mkdir, mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import type { OfflineSearchEntry } from '../lib/offline-search.ts';

/** The index file as the zip stores it. */
export interface DeflatedFile {
  size: number;
  crc: number;
  body: Buffer;
}

export class OfflineSearchFile {
  readonly #places: { url: string; start: number; length: number }[] = [];
  #scratch?: Promise<{ dir: string; file: FileHandle }>;
  #end = 0;
  readonly #scratchParent: string;
  /** `scratchParent`: where the scratch file's folder is made (the system's temporary folder). */
  constructor(scratchParent = tmpdir()) {
    this.#scratchParent = scratchParent;
  }

  /** Keeps one page's entry (written to the scratch file; resolves once it is there). */
  async add(entry: OfflineSearchEntry): Promise<void> {
    this.#scratch ??= mkdtemp(join(this.#scratchParent, 'dlt-offline-search-')).then(async (dir) => ({
      dir,
      file: await open(join(dir, 'entries.json'), 'w+'),
    }));
    const bytes = Buffer.from(JSON.stringify(entry));
    // Places are taken in call order, so writes in flight together never overlap.
    const place = { url: entry.u, start: this.#end, length: bytes.length };
    this.#end += bytes.length;
    this.#places.push(place);
    const { file } = await this.#scratch;
    await file.write(bytes, 0, bytes.length, place.start);
  }

  /**
   * Writes the index to `path`, entries sorted by URL, deflating it for the zip on the way, and
   * removes the scratch file. Resolves to the file as the zip holds it.
   */
  async write(path: string): Promise<DeflatedFile> {
    await mkdir(dirname(path), { recursive: true });
    const deflate = createDeflateRaw({ level: 6 });
    const deflated: Buffer[] = [];
    deflate.on('data', (chunk: Buffer) => deflated.push(chunk));
    const deflatedAll = once(deflate, 'end');
    const out = await open(path, 'w');
    let size = 0;
    let crc = 0;
    const write = async (bytes: Buffer) => {
      size += bytes.length;
      crc = crc32(bytes, crc);
      await out.write(bytes);
      if (!deflate.write(bytes)) await once(deflate, 'drain');
    };
    try {
      const scratch = await this.#scratch;
      const places = this.#places.sort((a, b) => a.url.localeCompare(b.url));
      await write(Buffer.from('window.__DLT_SEARCH__=['));
      for (const [i, { start, length }] of places.entries()) {
        // The entry with the comma before it, as one piece.
        const comma = i > 0 ? 1 : 0;
        const bytes = Buffer.alloc(comma + length, ',');
        await scratch!.file.read(bytes, comma, length, start);
        await write(bytes);
      }
      await write(Buffer.from('];'));
    } finally {
      await out.close();
      deflate.end();
      await this.discard();
    }
    await deflatedAll;
    return { size, crc, body: Buffer.concat(deflated) };
  }

  /** Removes the scratch file (also when the copy fails before its index is written). */
  async discard(): Promise<void> {
    const scratch = await this.#scratch?.catch(() => undefined);
    this.#scratch = undefined;
    if (!scratch) return;
    await scratch.file.close().catch(() => {});
    await rm(scratch.dir, { recursive: true, force: true });
  }
}
