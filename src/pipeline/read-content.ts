/**
 * The notes' reading phase of a corpus load (the figures are read in read-figures.ts, the
 * bibliography in read-bibliography.ts): each note checked on its own (frontmatter, taxonomy ids,
 * size, encoding), every problem collected.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { splitFrontmatter } from '../lib/frontmatter.ts';
import { didYouMean, problem, type Problem } from '../lib/problems.ts';
import { noteSlugFromPath } from '../lib/slugs.ts';
import { validateFrontmatter } from '../lib/validate-frontmatter.ts';
import { noteFrontmatterKeys, noteFrontmatterSchema, type NoteFrontmatter } from '../schemas/note.ts';
import { CONTENT, MAX_NOTE_BYTES, pathIn, readText } from './content-files.ts';
import { hashOf } from './fingerprint.ts';
import { fileStamp, type ReloadMemo } from './reload-memo.ts';

/** A note as read from its file, before rendering. */
export interface RawNote {
  slug: string;
  file: string;
  path: string;
  frontmatter: NoteFrontmatter;
  body: string;
  bodyLine: number;
  /** Line of the `aliases:` key, for conflict messages. */
  aliasLine: number;
  titleLine: number;
  relatedLines: number[];
  prerequisiteLines: number[];
  /** False when the frontmatter had errors (already reported): no further warnings about it. */
  valid: boolean;
  /** A hash of the body and where it sits, one of the keys of the note's cached render. */
  sourceHash: string;
}

/** Whatever usable frontmatter a note with schema errors has (the errors are already reported). */
function lenientFrontmatter(raw: unknown, slug: string): NoteFrontmatter | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
  const list = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
  return {
    title: text(r.title, slug),
    summary: text(r.summary, ''),
    section: text(r.section, ''),
    tags: list(r.tags),
    aliases: list(r.aliases),
    related: list(r.related),
    prerequisites: list(r.prerequisites),
    updated: undefined,
    draft: r.draft === true,
  };
}

/**
 * Reads one note file: its size, its text, its frontmatter; undefined (with the problem) when it
 * cannot be a note. With a memo (`npm run dev`), a file whose stamp is unchanged is not read again.
 */
async function readNote(
  root: URL,
  path: string,
  problems: Problem[],
  memo?: ReloadMemo,
): Promise<NoteRead | undefined> {
  const file = `${CONTENT.notes}/${path}`;
  const info = await stat(pathIn(root, file)).catch(() => undefined);
  if (!info) return undefined;
  if (!memo) return readNoteFile(root, file, path, info, problems);
  // The stamp is taken before the read: a file changed while it is read gets a new stamp, and is
  // read again next time.
  const stamp = fileStamp(info);
  const known = memo.notes.get(path);
  if (known?.stamp === stamp) {
    problems.push(...known.problems);
    return known.read;
  }
  const found: Problem[] = [];
  const read = await readNoteFile(root, file, path, info, found);
  problems.push(...found);
  memo.notes.set(path, { stamp, read, problems: found });
  return read;
}

async function readNoteFile(root: URL, file: string, path: string, info: Stats, problems: Problem[]) {
  if (info.size > MAX_NOTE_BYTES) {
    const size = `${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_NOTE_BYTES / 1024 / 1024} MB`;
    problems.push(
      problem(file, undefined, `the note is ${size}. Split it into several linked notes`, 'note-too-large'),
    );
    return undefined;
  }
  const text = await readText(root, file, problems);
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    const message = 'the file is empty: add frontmatter (title, summary, section) and a body, or delete it';
    problems.push(problem(file, undefined, message, 'empty-file'));
    return undefined;
  }
  const split = splitFrontmatter(text);
  const validated = validateFrontmatter(noteFrontmatterSchema, split, file, noteFrontmatterKeys);
  problems.push(...validated.problems);
  // With broken frontmatter the note is still read as far as it can be, so its links, math and
  // citations are checked in the same run (all problems at once) and links to it still resolve.
  const slug = noteSlugFromPath(path);
  const data = validated.data ?? lenientFrontmatter(split.data, slug);
  if (!data) return undefined;
  // What a cached render of the note was made from (see renderNotes).
  const sourceHash = hashOf([split.body, split.bodyLine, path, slug]);
  return { file, split, data, valid: validated.data !== undefined, sourceHash };
}

/** A note file as read: its frontmatter split off and checked. */
export type NoteRead = NonNullable<Awaited<ReturnType<typeof readNoteFile>>>;

/** A note's section and tags against content/sections.yml and content/tags.yml (when those could be read). */
function checkTaxonomy(
  { file, split, data }: NoteRead,
  sectionIds: ReadonlySet<string> | undefined,
  tagIds: ReadonlySet<string> | undefined,
  problems: Problem[],
): void {
  if (sectionIds && data.section !== '' && !sectionIds.has(data.section)) {
    const message =
      `unknown section "${data.section}".${didYouMean(data.section, sectionIds)} ` +
      `Sections: ${[...sectionIds].join(', ')}`;
    problems.push(problem(file, split.locate(['section']), message, 'unknown-section'));
  }
  data.tags.forEach((t, i) => {
    if (!tagIds || tagIds.has(t)) return;
    const message =
      `tag "${t}" is not in content/tags.yml.${didYouMean(t, tagIds)} ` +
      'Add it there with a description, or use an existing tag';
    problems.push(problem(file, split.locate(['tags', i]), message, 'unknown-tag'));
  });
}

/** The notes whose file names make a slug no other note has; the others are reported. */
function uniqueSlugs(raws: RawNote[], problems: Problem[]): RawNote[] {
  const slugOwner = new Map<string, string>();
  const notes: RawNote[] = [];
  for (const raw of raws) {
    const at = { line: 1, column: 1 };
    if (raw.slug === '') {
      const name = raw.path.split('/').pop();
      const message =
        `the file name "${name}" has no letter or digit to make the note's address from: ` +
        'rename the file, e.g. rocket-launch.md';
      problems.push(problem(raw.file, at, message, 'empty-slug'));
      continue;
    }
    const owner = slugOwner.get(raw.slug);
    if (owner) {
      const message = `duplicate slug "${raw.slug}": ${owner} already uses it. Rename one of the files`;
      problems.push(problem(raw.file, at, message, 'duplicate-slug'));
      continue;
    }
    slugOwner.set(raw.slug, raw.file);
    notes.push(raw);
  }
  return notes;
}

/**
 * Reads every note file: size and encoding, frontmatter (validated, or read leniently so the rest
 * of a broken note is still checked), section and tags, then slugs (empty or duplicate ones
 * reported). Drafts are left out. Returns the notes in file order.
 */
export async function readNotes(
  root: URL,
  noteFiles: readonly string[],
  sectionIds: ReadonlySet<string> | undefined,
  tagIds: ReadonlySet<string> | undefined,
  problems: Problem[],
  memo?: ReloadMemo,
): Promise<RawNote[]> {
  const raws: RawNote[] = [];
  await Promise.all(
    noteFiles.map(async (path) => {
      const note = await readNote(root, path, problems, memo);
      if (!note) return;
      checkTaxonomy(note, sectionIds, tagIds, problems);
      const { file, split, data, valid, sourceHash } = note;
      if (data.draft) return;
      raws.push({
        slug: noteSlugFromPath(path),
        file,
        path,
        frontmatter: data,
        body: split.body,
        bodyLine: split.bodyLine,
        aliasLine: split.locate(['aliases'], 'key').line,
        titleLine: split.locate(['title'], 'key').line,
        relatedLines: data.related.map((_, k) => split.locate(['related', k]).line),
        prerequisiteLines: data.prerequisites.map((_, k) => split.locate(['prerequisites', k]).line),
        valid,
        sourceHash,
      });
    }),
  );
  if (memo) {
    const listed = new Set(noteFiles);
    for (const path of memo.notes.keys()) if (!listed.has(path)) memo.notes.delete(path);
  }
  raws.sort((a, b) => a.file.localeCompare(b.file));
  return uniqueSlugs(raws, problems);
}
