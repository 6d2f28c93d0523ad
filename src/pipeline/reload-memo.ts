import type { Stats } from 'node:fs';
import type { Problem } from '../lib/problems.ts';
import type { NoteRead } from './read-content.ts';
import type { CachedRender } from './render-cache.ts';

/**
 * What `npm run dev` keeps from one corpus load to the next, so that reloading after an edit reads
 * and parses only the files that changed: at 1,000 notes, reading every note and its cached render
 * again, parsing every frontmatter and ranking related notes took most of a reload's 0.45–0.6 s.
 * Only the dev server's loader passes one (CorpusOptions.memo). A build loads its corpus once, so
 * it keeps nothing: a memo would hold every note's text through page generation for no use.
 *
 * Nothing here is trusted beyond what it was computed from: a note is read again when its file's
 * stamp changed, a cached render is reused under the same source and fingerprint checks as one read
 * from disk, and related notes are ranked again when any input of the ranking changed.
 */
export interface ReloadMemo {
  /** Each note file as last read (its frontmatter parsed and checked), by path. */
  notes: Map<string, { stamp: string; read: NoteRead | undefined; problems: readonly Problem[] }>;
  /** Each note's cached render as this process last read or wrote it, by slug; `touched` in ms. */
  renders: Map<string, { entry: CachedRender; touched: number }>;
  /** The last related-notes ranking, with the key of what it was computed from. */
  related?: { key: string; value: Map<string, string[]> };
}

export function newReloadMemo(): ReloadMemo {
  return { notes: new Map(), renders: new Map() };
}

/**
 * A file's identity and last change: inode, size, and modification and change times to the
 * nanosecond. Any write, rename over it or `touch` gives a new stamp.
 */
export function fileStamp(info: Stats): string {
  return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

/**
 * A reused render's HTML file is touched again after this long: touching marks it in use so that
 * another process's prune (which removes files unused for a day) leaves it, and a dev server may run
 * for days.
 */
export const RETOUCH_MS = 3600 * 1000;
