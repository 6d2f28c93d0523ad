/**
 * The reading phases of a corpus load: the figures and the notes (the bibliography is in
 * read-bibliography.ts), each checked on its own (frontmatter, taxonomy ids, sizes, encodings,
 * safety), every problem collected.
 */
import { readFile, stat } from 'node:fs/promises';
import { MAX_FIGURE_BYTES, parseFigure } from '../lib/figures.ts';
import { splitFrontmatter } from '../lib/frontmatter.ts';
import { didYouMean, problem, type Problem } from '../lib/problems.ts';
import { inspectRaster, RASTER_FIGURE, type RasterInfo } from '../lib/raster-figures.ts';
import { noteSlugFromPath } from '../lib/slugs.ts';
import { validateFrontmatter } from '../lib/validate-frontmatter.ts';
import { noteFrontmatterKeys, noteFrontmatterSchema, type NoteFrontmatter } from '../schemas/note.ts';
import { CONTENT, MAX_NOTE_BYTES, pathIn, readText } from './content-files.ts';
import { hashOf } from './fingerprint.ts';

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
}

/**
 * A figure as the renderer needs it: an SVG's checked source, a raster image's size in pixels, or
 * null for a refused figure (whose problems are reported on the figure itself).
 */
export type FigureSource = string | RasterInfo | null;

/** Reads and checks every figure. Returns name → source, and name → hash for render fingerprints. */
export async function readFigures(
  root: URL,
  names: readonly string[],
  problems: Problem[],
): Promise<{ figures: [string, FigureSource][]; hashes: Map<string, string> }> {
  const figures: [string, FigureSource][] = [];
  const hashes = new Map<string, string>();
  for (const name of names) {
    const path = `${CONTENT.figures}/${name}`;
    if (RASTER_FIGURE.test(name)) {
      const bytes = await readFile(pathIn(root, path)).catch(() => undefined);
      if (bytes === undefined) continue;
      const { info, error } = inspectRaster(name, bytes);
      if (error) problems.push(problem(path, { line: 1, column: 1 }, error, 'bad-image'));
      figures.push([name, info ?? null]);
      hashes.set(name, hashOf(bytes.toString('base64')));
      continue;
    }
    const size = (await stat(pathIn(root, path)).catch(() => undefined))?.size ?? 0;
    let source: string | null = null;
    if (size > MAX_FIGURE_BYTES) {
      const message =
        `the figure is ${Math.round(size / 1024)} KB; the limit is ${MAX_FIGURE_BYTES / 1024} KB. ` +
        'Simplify it (fewer points, no embedded data) or split it';
      problems.push(problem(path, { line: 1, column: 1 }, message, 'figure-too-large'));
    } else {
      const text = await readText(root, path, problems);
      if (text === undefined) continue;
      const { errors } = parseFigure(text);
      for (const e of errors) problems.push(problem(path, { line: 1, column: 1 }, e, 'unsafe-figure'));
      if (errors.length === 0) source = text;
    }
    figures.push([name, source]);
    hashes.set(name, hashOf(source ?? ''));
  }
  return { figures, hashes };
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

/** Reads one note file: its size, its text, its frontmatter; undefined (with the problem) when it cannot be a note. */
async function readNote(root: URL, path: string, problems: Problem[]) {
  const file = `${CONTENT.notes}/${path}`;
  const info = await stat(pathIn(root, file)).catch(() => undefined);
  if (!info) return undefined;
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
  const data = validated.data ?? lenientFrontmatter(split.data, noteSlugFromPath(path));
  return data ? { file, split, data, valid: validated.data !== undefined } : undefined;
}

type ReadNote = NonNullable<Awaited<ReturnType<typeof readNote>>>;

/** A note's section and tags against content/sections.yml and content/tags.yml (when those could be read). */
function checkTaxonomy(
  { file, split, data }: ReadNote,
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
): Promise<RawNote[]> {
  const raws: RawNote[] = [];
  await Promise.all(
    noteFiles.map(async (path) => {
      const note = await readNote(root, path, problems);
      if (!note) return;
      checkTaxonomy(note, sectionIds, tagIds, problems);
      const { file, split, data, valid } = note;
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
      });
    }),
  );
  raws.sort((a, b) => a.file.localeCompare(b.file));
  return uniqueSlugs(raws, problems);
}
