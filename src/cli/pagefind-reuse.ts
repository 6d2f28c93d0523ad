import { createHash } from 'node:crypto';
import { cp, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { decode } from 'cborg';

/*
 * Indexing a bundle again with the files of its previous version in place. Pagefind (1.6) names its
 * metadata, fragments (one per page), word-index chunks and filter chunks by a hash of their content,
 * and does not write a file of these kinds that already exists: it does not compress it either
 * (`WriteBehavior::Immutable` in pagefind/src/output/mod.rs). It compresses each file at gzip's best
 * level, one after another, and that is most of the time a write takes: a 1,339-page bundle of the
 * benchmark corpus takes 4.3 s to write into an empty folder and 1.9 s into one holding its files.
 * After an edit most of a bundle is what it was, so the bundle's previous files are linked into the
 * folder before Pagefind writes (`seedBundle`), and afterwards (`settleBundle`) the ones the new
 * index does not list are removed and the ones it does are checked against their names.
 */

const gunzipAsync = promisify(gunzip);

/** The kinds of files Pagefind names by their content and writes only when absent. */
const CONTENT_NAMED = /^(?:pagefind\.[^/]+\.pf_meta|(?:fragment|index|filter)\/[^/]+\.pf_(?:fragment|index|filter))$/;

/** What precedes the CBOR or JSON in every compressed Pagefind file. */
const SIGNATURE = 'pagefind_dcd';

/**
 * Links the content-named files of `previous` (a bundle Pagefind wrote) into `target`, which Pagefind
 * writes next; copies them where links cannot be made. Returns their paths relative to `target`.
 */
export async function seedBundle(previous: string, target: string): Promise<string[]> {
  const seeded: string[] = [];
  const entries = await readdir(previous, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = relative(previous, join(e.parentPath, e.name)).replaceAll('\\', '/');
    if (!e.isFile() || !CONTENT_NAMED.test(path)) continue;
    await mkdir(join(target, path, '..'), { recursive: true });
    await link(join(previous, path), join(target, path)).catch(() => cp(join(previous, path), join(target, path)));
    seeded.push(path);
  }
  return seeded;
}

/** Every content-named file a written bundle uses, read from its entry file and metadata. */
export async function liveFiles(bundle: string): Promise<Set<string>> {
  const entry = JSON.parse(await readFile(join(bundle, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { hash: string }>;
  };
  const live = new Set<string>();
  for (const { hash } of Object.values(entry.languages)) {
    const meta = `pagefind.${hash}.pf_meta`;
    live.add(meta);
    // MetaIndex (pagefind/src/index/index_metadata.rs): [version, pages: [hash, word count][],
    // index chunks: [from, to, hash][], filters: [filter, hash][], sorts, meta fields].
    const [, pages, chunks, filters] = decode(await unpack(await readFile(join(bundle, meta)))) as [
      string,
      [string, number][],
      [string, string, string][],
      [string, string][],
    ];
    for (const [page] of pages) live.add(`fragment/${page}.pf_fragment`);
    for (const [, , chunk] of chunks) live.add(`index/${chunk}.pf_index`);
    for (const [, filter] of filters) live.add(`filter/${filter}.pf_filter`);
  }
  return live;
}

async function unpack(compressed: Buffer): Promise<Buffer> {
  const data = await gunzipAsync(compressed);
  if (data.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE)
    throw new Error('not a Pagefind file (no signature after decompressing)');
  return data.subarray(SIGNATURE.length);
}

/**
 * Whether a content-named file holds what its name says: the name (after the language) is the start
 * of the SHA-1 of its content, each byte written in hex without padding (`full_hash` in
 * pagefind/src/utils.rs).
 */
async function holdsItsName(bundle: string, path: string): Promise<boolean> {
  const name = /([^/.]+)\.pf_\w+$/.exec(path)![1]!;
  const hash = name.slice(name.indexOf('_') + 1);
  try {
    const digest = createHash('sha1')
      .update(await unpack(await readFile(join(bundle, path))))
      .digest();
    return [...digest]
      .map((b) => b.toString(16))
      .join('')
      .startsWith(hash);
  } catch {
    return false;
  }
}

/**
 * After Pagefind has written into a seeded folder: removes the seeded files the new index does not
 * use, and checks every seeded file it does use. Pagefind shortens hashes to a few characters, so a
 * new file could be given the name of a different previous one and find it in place; then this
 * returns false, and the bundle must be written again into an empty folder.
 */
export async function settleBundle(bundle: string, seeded: readonly string[]): Promise<boolean> {
  if (seeded.length === 0) return true;
  const live = await liveFiles(bundle);
  const kept: string[] = [];
  for (const path of seeded) {
    if (live.has(path)) kept.push(path);
    else await rm(join(bundle, path), { force: true });
  }
  for (let i = 0; i < kept.length; i += 64) {
    const checks = await Promise.all(kept.slice(i, i + 64).map((path) => holdsItsName(bundle, path)));
    if (checks.includes(false)) return false;
  }
  return true;
}
