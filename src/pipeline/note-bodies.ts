import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { siteFiles } from '../cli/site-files.ts';
import { settings } from '../settings.ts';

/*
 * Note bodies put into pages after Astro's step. A note's body is most of its page (440 KB of
 * KaTeX markup at 115 formulas), and Astro moving it through its page strings, a Response and an
 * encoder cost 6.5 of 17 s of the page step at 1,000 notes. In a build, the note template writes the
 * body to a file named by the page's key (once per key) and leaves a marker; the build then puts
 * each body in place of its marker, as bytes. The page is byte for byte what rendering the body
 * inline gives. `npm run dev`, and `astro build` run by hand, render the body inline.
 */

const MARKER = '<!--dlt-note-body:';
const MARKER_END = '-->';

/** The name of a body: the page's incremental-build key (which covers the body) and the base path. */
export function noteBodyKey(pageKey: string, base: string): string {
  return createHash('sha256').update(`${base}\0${pageKey}`).digest('base64url').slice(0, 32);
}

export const noteBodyMarker = (key: string): string => `${MARKER}${key}${MARKER_END}`;

export const noteBodyFile = (dir: string, key: string): string => join(dir, `${key}.html`);

/** Whether the body of `key` is kept (a page reused by Astro's incremental build needs it). */
export const hasNoteBody = (dir: string, key: string): boolean => existsSync(noteBodyFile(dir, key));

let sequence = 0;

/** Keeps a body under its key, written whole under a temporary name and renamed into place. */
export async function keepNoteBody(dir: string, key: string, html: string): Promise<void> {
  const file = noteBodyFile(dir, key);
  const temp = `${file}.${process.pid}.${sequence++}.tmp`;
  await mkdir(dir, { recursive: true });
  await writeFile(temp, html);
  await rename(temp, file);
}

/**
 * The keys of a note page: the incremental build's (`cacheKey`) and, in a build, its body's. The
 * body is kept here, before any page renders, once per key: a page Astro reuses from an earlier build
 * needs its body as much as one it renders. A page with its body inline is never reused by a build.
 */
export async function notePageKeys(
  pageKey: string,
  base: string,
  html: () => Promise<string>,
): Promise<{ bodyKey?: string; cacheKey: string }> {
  const dir = settings().DLT_NOTE_BODIES;
  if (!dir) return { cacheKey: `${pageKey}:inline` };
  const bodyKey = noteBodyKey(pageKey, base);
  if (!hasNoteBody(dir, bodyKey)) await keepNoteBody(dir, bodyKey, await html());
  return { bodyKey, cacheKey: pageKey };
}

/** What a note page shows for its body: in a build the marker of its kept body, else the body. */
export const notePageBody = (bodyKey: string | undefined, html: () => Promise<string>): Promise<string> =>
  bodyKey ? Promise.resolve(noteBodyMarker(bodyKey)) : html();

/**
 * Puts every note's body into its page in the built site `site`, in place of its marker, and removes
 * the kept bodies no page of this build uses. Returns how many pages were filled.
 */
export async function fillNoteBodies(site: string, dir: string): Promise<number> {
  const marker = Buffer.from(MARKER);
  const used = new Set<string>();
  const pages = (await siteFiles(site)).filter((f) => f.startsWith('notes/') && f.endsWith('/index.html'));
  const fill = async (page: string) => {
    const bytes = await readFile(join(site, page));
    const start = bytes.indexOf(marker);
    if (start < 0) return;
    const end = bytes.indexOf(MARKER_END, start + marker.length);
    const key = bytes.subarray(start + marker.length, end).toString('latin1');
    const body = await readFile(noteBodyFile(dir, key)).catch(() => {
      throw new Error(
        `The body of ${page} (${key}) is missing from ${dir}. Build again: the page will be rendered anew.`,
      );
    });
    await writeFile(join(site, page), [bytes.subarray(0, start), body, bytes.subarray(end + MARKER_END.length)]);
    used.add(`${key}.html`);
  };
  // A few pages at a time: each is two reads and a write, and the disk is faster with several in flight.
  for (let i = 0; i < pages.length; i += 8) await Promise.all(pages.slice(i, i + 8).map(fill));
  for (const name of await readdir(dir).catch(() => [] as string[]))
    if (!used.has(name)) await rm(join(dir, name), { force: true });
  return used.size;
}
