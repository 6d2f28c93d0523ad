import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { Zip, type ZipInputFile } from 'fflate';

/**
 * Writes a zip as files are added, so memory holds a few files at a time. Files arrive already
 * deflated (by Node's native zlib on its thread pool, or from the copy's cache: fflate's JavaScript
 * deflate was the slowest step of the offline files, measured with npm run bench); fflate only
 * writes the archive structure. The archive is reproducible: entries go in the order given at
 * construction, whatever order they arrive in, and carry one fixed date (SOURCE_DATE_EPOCH when
 * set), so an unchanged site gives the same zip byte for byte.
 */
export class ZipWriter {
  readonly #zip: Zip;
  readonly #out: WriteStream;
  readonly #done: Promise<void>;
  readonly #order: readonly string[];
  readonly #ready = new Map<string, { entry: ZipInputFile; body: Uint8Array }>();
  readonly #mtime = process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.UTC(1980, 0, 2);
  #next = 0;
  bytes = 0;
  constructor(path: string, order: readonly string[]) {
    this.#order = order;
    this.#out = createWriteStream(path);
    this.#done = new Promise((resolvePromise, reject) => {
      this.#out.on('finish', resolvePromise);
      this.#out.on('error', reject);
    });
    this.#zip = new Zip((err, chunk, final) => {
      if (err) throw err;
      this.bytes += chunk.length;
      this.#out.write(chunk);
      if (final) this.#out.end();
    });
  }
  /** Adds a file, stored as given (`deflated` when compressed, else its bytes), in its place in the order. */
  add(name: string, file: { size: number; crc: number; body: Uint8Array; deflated: boolean }): void {
    const entry: ZipInputFile = {
      filename: name,
      size: file.size,
      crc: file.crc,
      compression: file.deflated ? 8 : 0,
      mtime: this.#mtime,
    };
    this.#ready.set(name, { entry, body: file.body });
    for (let next = this.#ready.get(this.#order[this.#next]); next; next = this.#ready.get(this.#order[this.#next])) {
      this.#ready.delete(this.#order[this.#next++]);
      this.#zip.add(next.entry);
      next.entry.ondata?.(null, next.body as Uint8Array<ArrayBuffer>, true);
    }
  }
  /**
   * Resolves at once while less than 8 MB of the zip waits to be written, else once it has all been.
   * The copy adds files faster than the disk takes them at times: unwaited, up to 22 MB of the zip
   * waited in memory (5,000 notes).
   */
  async drained(): Promise<void> {
    if (this.#out.writableLength > 8 * 1024 * 1024) await once(this.#out, 'drain');
  }
  async close(): Promise<void> {
    if (this.#next < this.#order.length) throw new Error(`The offline zip is missing ${this.#order[this.#next]}`);
    this.#zip.end();
    await this.#done;
  }
}
