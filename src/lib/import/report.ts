import type { TextEdit } from './text-edits.ts';

/**
 * What the importer says about each file: every change it made and everything it could not
 * convert, located in the source file, printed in the project's `path:line:col  message  [rule]`
 * format. Things the author has to look at are printed as warnings, as the checker prints them.
 */

/** A remark about a place in the text a pass worked on (`at` is an offset in that text). */
export interface Finding {
  at: number;
  message: string;
  rule: string;
  /** True when the author has to look at it (not converted, or converted by a guess). */
  look?: boolean;
}

/** An edit and what to report about it (no message: a part of a change reported elsewhere). */
export interface Change extends TextEdit {
  message?: string;
  rule?: string;
  look?: boolean;
  /** Where the report points, when not at `start`. */
  at?: number;
}

/** What one pass over a text found: edits to make, and remarks that need no edit. */
export interface PassResult {
  changes: Change[];
  findings: Finding[];
}

/** The findings of the changes that were applied. */
export function findingsOf(applied: readonly Change[]): Finding[] {
  return applied
    .filter((c) => c.message && c.rule)
    .map((c) => ({ at: c.at ?? c.start, message: c.message as string, rule: c.rule as string, look: c.look }));
}

/** One line of the import report. */
export interface ImportEntry {
  /** The source file, as the author would type its path. */
  file: string;
  /** 1-based; 0 when the entry is about the whole file. */
  line: number;
  column: number;
  message: string;
  rule: string;
  look: boolean;
}

/** `path:line:col  message  [rule]`, with `warning` before the message of what to look at. */
export function formatEntry(e: ImportEntry): string {
  const where = e.line > 0 ? `${e.file}:${e.line}:${Math.max(1, e.column)}` : e.file;
  return `${where}  ${e.look ? 'warning  ' : ''}${e.message}  [${e.rule}]`;
}

/** Entries by file, then line, then column, so the report reads top to bottom. */
export function sortEntries(entries: readonly ImportEntry[]): ImportEntry[] {
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...entries].sort((a, b) => byPath(a.file, b.file) || a.line - b.line || a.column - b.column);
}

/** Shortens a snippet of source for a message, on one line. */
export function snippet(text: string, max = 50): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The closing line of the import part of the report. */
export function summarizeImport(counts: { notes: number; figures: number; look: number; dryRun: boolean }): string {
  const verb = counts.dryRun ? 'Would import' : 'Imported';
  const copy = counts.dryRun ? 'copy' : 'copied';
  return (
    `${verb} ${plural(counts.notes, 'note')} into content/notes/ and ` +
    `${copy} ${plural(counts.figures, 'image')} into content/figures/; ` +
    `${plural(counts.look, 'thing')} to look at (the warning lines above).`
  );
}
