import type { Stats } from 'node:fs';
import type { LinkIndex, NameConflict } from '../lib/link-resolver.ts';
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
 * from disk (the fingerprint computed again unless nothing it reads changed), the link index is built
 * again when any note's names changed, and related notes are ranked again when any input of the
 * ranking changed.
 */
export interface ReloadMemo {
  /** Each note file as last read (its frontmatter parsed and checked), by path. */
  notes: Map<string, { stamp: string; read: NoteRead | undefined; problems: readonly Problem[] }>;
  /**
   * Each note's cached render as this process last read or wrote it, by slug; `touched` in ms.
   * `checked` is the render context (names, citation labels, figures) under which its fingerprint
   * last matched: under the same context it matches again, and is not computed again.
   */
  renders: Map<string, { entry: CachedRender; touched: number; checked?: string }>;
  /** The link index, with the name conflicts found building it, and the names it was built from. */
  names?: { key: string; index: LinkIndex; conflicts: NameConflict[] };
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
