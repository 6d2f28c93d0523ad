import { buildLinkIndex, normalizeName } from '../link-resolver.ts';
import { noteFrontmatterSchema } from '../../schemas/note.ts';
import { assignSlugs, baseSlug, type SlugAssignment } from './assign-slugs.ts';
import { fileStem, headingsOf, headingText, titleHeading, type NoteInfo } from './catalog.ts';
import { convertBody, type TitleSource } from './convert.ts';
import { createFigureNamer, type FigureCopy } from './figures.ts';
import { importFrontmatter, listOf, writeFrontmatter, type TaxonomyItem } from './note-frontmatter.ts';
import { prepareNote, type PreparedNote, type SourceFile } from './prepare.ts';
import type { ImportEntry } from './report.ts';
import { buildCatalog } from './resolve.ts';
import { shorten } from './summary.ts';
import { findSummary } from './find-summary.ts';

/**
 * The whole import, planned before anything is written: every note's slug, title, frontmatter
 * and body, the images to copy, and the report. Pure: the caller reads the folder and the site,
 * and writes the plan (or, for `--dry-run`, only prints it).
 */

export interface FolderInput {
  /** How the folder is printed in the report (the path the author typed). */
  label: string;
  files: SourceFile[];
  /** Every other file of the folder → a hash of its bytes (to tell identical images apart). */
  assets: ReadonlyMap<string, string>;
}

export interface SiteInput {
  sections: readonly TaxonomyItem[];
  tags: readonly TaxonomyItem[];
  citeKeys: ReadonlySet<string>;
  notes: readonly { slug: string; title: string; aliases: readonly string[] }[];
  /** content/figures/ file name → hash of its bytes. */
  figures: ReadonlyMap<string, string>;
}

export interface ImportOptions {
  force: boolean;
  /** Section for notes whose source names none (default: the first section after `overview`). */
  section?: string;
}

export interface PlannedNote {
  slug: string;
  /** Path of the source file in the folder. */
  source: string;
  text: string;
  /** True when it replaces a note of the same slug and title (`--force`). */
  overwrite: boolean;
}

export interface ImportPlan {
  notes: PlannedNote[];
  figures: FigureCopy[];
  entries: ImportEntry[];
  /** Files whose slug and title are those of a site note: importing them would overwrite it. */
  refused: { source: string; slug: string }[];
}

// The limits come from the schema, so an imported note never fails them.
const TITLE_MAX = noteFrontmatterSchema.shape.title.maxLength ?? 120;

/** `mean_field-limit` → `Mean field limit`; a name with capitals is kept as written. */
export function titleFromFileName(stem: string): string {
  const words = stem.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words === words.toLowerCase() ? words.charAt(0).toUpperCase() + words.slice(1) : words;
}

/** The title of a note and where it came from. */
function findTitle(note: PreparedNote): { title: string; source: TitleSource } {
  const heading = titleHeading(note);
  const text = heading ? headingText(heading) : undefined;
  const fm = note.data.title;
  if ((typeof fm === 'string' || typeof fm === 'number') && String(fm).trim() !== '')
    return { title: String(fm).trim(), source: { from: 'frontmatter', heading, headingText: text } };
  if (heading && text) return { title: text, source: { from: 'heading', heading, headingText: text } };
  return { title: titleFromFileName(fileStem(note.path)), source: { from: 'file' } };
}

/** Titles no other note has: a repeated one gets its folder (or a number) in parentheses. */
function uniqueTitles(notes: readonly { path: string; title: string }[], taken: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of notes) {
    let title = n.title.length > TITLE_MAX ? shorten(n.title.split(/\s+/), TITLE_MAX) : n.title;
    const folder = n.path.split('/').slice(-2, -1)[0]?.replace(/^_+/, '');
    for (let i = 1; taken.has(normalizeName(title)); i++) title = `${n.title} (${i === 1 && folder ? folder : i})`;
    taken.add(normalizeName(title));
    out.set(n.path, title);
  }
  return out;
}

/** Aliases that name no other note; the others are dropped and reported. */
function freeAliases(p: PreparedNote, taken: Set<string>, entries: ImportEntry[]): string[] {
  const key = p.data.aliases !== undefined ? 'aliases' : 'alias';
  return listOf([p.data.aliases, p.data.alias].flat().filter((v) => v !== undefined && v !== null)).filter((alias) => {
    const name = normalizeName(alias);
    if (taken.has(name)) {
      entries.push({
        file: p.display,
        ...p.keyPlace(key),
        message: `alias "${alias}" dropped: another note already has that name`,
        rule: 'aliases',
        look: true,
      });
      return false;
    }
    taken.add(name);
    return true;
  });
}

/** What the notes to import are called: slugs, titles and aliases no other note has, and headings. */
function describeNotes(
  prepared: readonly PreparedNote[],
  site: SiteInput,
  options: ImportOptions,
  entries: ImportEntry[],
) {
  const titles = new Map(prepared.map((p) => [p.path, findTitle(p)]));
  const titleOf = (p: PreparedNote) => (titles.get(p.path) as ReturnType<typeof findTitle>).title;
  const { assignments, refused } = assignSlugs(
    prepared.map((p) => ({ path: p.path, title: titleOf(p) })),
    site.notes,
    options.force,
  );
  const slugOf = new Map<string, SlugAssignment>(assignments.map((a) => [a.path, a]));
  const replaced = new Set(assignments.filter((a) => a.overwrite).map((a) => a.slug));
  const kept = site.notes.filter((n) => !replaced.has(n.slug));
  const taken = new Set(kept.flatMap((n) => [n.title, ...n.aliases]).map(normalizeName));
  const importable = prepared.filter((p) => slugOf.has(p.path));
  const finalTitles = uniqueTitles(
    importable.map((p) => ({ path: p.path, title: titleOf(p) })),
    taken,
  );
  const notes = importable.map((p) => {
    const found = titles.get(p.path) as ReturnType<typeof findTitle>;
    const info: NoteInfo = {
      path: p.path,
      slug: (slugOf.get(p.path) as SlugAssignment).slug,
      title: finalTitles.get(p.path) as string,
      sourceTitle: found.title,
      stem: fileStem(p.path),
      aliases: freeAliases(p, taken, entries),
      permalink: typeof p.data.permalink === 'string' ? p.data.permalink : undefined,
      headings: headingsOf(p, found.source.heading),
    };
    return { prepared: p, info, titleSource: found.source, assignment: slugOf.get(p.path) as SlugAssignment };
  });
  const refusedNotes = refused.map((r) => ({ source: r.path, slug: baseSlug(r) }));
  return { notes, kept, refused: refusedNotes };
}

/** Entries saying where a note went and how it got its slug and title. */
function namingEntries(
  p: PreparedNote,
  info: NoteInfo,
  assignment: SlugAssignment,
  source: TitleSource,
): ImportEntry[] {
  const at = (line: number, message: string, rule: string, look = false) => ({
    file: p.display,
    line,
    column: line ? 1 : 0,
    message,
    rule,
    look,
  });
  const out = [at(0, `imported as content/notes/${info.slug}.md`, 'imported')];
  if (assignment.reason) out.push(at(1, assignment.reason, 'slug'));
  if (source.from === 'file') out.push(at(1, `title "${info.sourceTitle}" taken from the file name`, 'title'));
  if (info.title !== info.sourceTitle)
    out.push(at(1, `title "${info.sourceTitle}" is taken by another note; written as "${info.title}"`, 'title', true));
  return out;
}

/** Plans the import of a folder into a site. */
export function planImport(folder: FolderInput, site: SiteInput, options: ImportOptions): ImportPlan {
  const { citeKeys } = site;
  const prepared = [...folder.files]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => prepareNote(f, `${folder.label}/${f.path}`, { citeKeys }));
  const entries: ImportEntry[] = prepared.flatMap((p) => p.entries);
  const described = describeNotes(prepared, site, options, entries);
  const siteIndex = buildLinkIndex(
    described.kept.map((n) => ({ slug: n.slug, title: n.title, aliases: [...n.aliases] })),
  ).index;
  const catalog = buildCatalog(
    described.notes.map((n) => n.info),
    new Set(folder.assets.keys()),
    siteIndex,
  );
  const namer = createFigureNamer(site.figures, folder.assets);
  const defaultSection =
    options.section ?? site.sections.find((s) => s.id !== 'overview')?.id ?? site.sections[0]?.id ?? 'theory';
  const notes = described.notes.map(({ prepared: p, info, titleSource, assignment }) => {
    entries.push(...namingEntries(p, info, assignment, titleSource));
    const { frontmatter, remarks } = importFrontmatter({
      data: p.data,
      keyPlace: p.keyPlace,
      path: p.path,
      sections: site.sections,
      tags: site.tags,
      defaultSection,
    });
    entries.push(...remarks.map((r) => ({ file: p.display, ...r })));
    const summary = findSummary(p, titleSource, info.title, entries);
    const { body, entries: bodyEntries } = convertBody(p, info, titleSource, {
      catalog,
      citeKeys,
      figureFor: namer.nameFor,
    });
    entries.push(...bodyEntries);
    // Aliases another note already has were dropped (and reported) when the notes were named.
    const text = `${writeFrontmatter(info.title, summary, { ...frontmatter, aliases: info.aliases })}\n${body}`;
    return { slug: info.slug, source: p.path, text, overwrite: assignment.overwrite === true };
  });
  return { notes, figures: namer.copies(), entries, refused: described.refused };
}
