import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { parseBibliography, type Paper } from '../lib/bibtex.ts';
import { citationLabels, type CitationLabel } from '../lib/citations.ts';
import { MAX_FIGURE_BYTES, parseFigure } from '../lib/figures.ts';
import { splitFrontmatter } from '../lib/frontmatter.ts';
import { buildLinkGraph, relatedNotes, type Backlink } from '../lib/link-graph.ts';
import { buildLinkIndex, resolveHeading, resolveTarget, type LinkableNote } from '../lib/link-resolver.ts';
import { didYouMean, problem, sortProblems, type Problem } from '../lib/problems.ts';
import { noteSlugFromPath } from '../lib/slugs.ts';
import { validateFrontmatter } from '../lib/validate-frontmatter.ts';
import { settings } from '../settings.ts';
import type { NoteHeading } from '../plugins/rehype-collect-headings.ts';
import { noteFrontmatterKeys, noteFrontmatterSchema, type NoteFrontmatter } from '../schemas/note.ts';
import { sectionSchema, tagSchema, type Section, type Tag } from '../schemas/taxonomy.ts';
import { hashOf, renderFingerprint, rendererVersion } from './fingerprint.ts';
import { RenderCache, touchAndPrune } from './render-cache.ts';
import { renderAll } from './render-pool.ts';
import type { RenderInput, RenderMeta } from './render-note.ts';

/** Where the content lives, relative to the project root. */
export const CONTENT = {
  notes: 'content/notes',
  bibliography: 'content/references.bib',
  sections: 'content/sections.yml',
  tags: 'content/tags.yml',
  figures: 'content/figures',
} as const;

/**
 * The default render cache folder: per content root and base path, under the project's
 * node_modules/.cache (DLT_CACHE_DIR overrides the parent folder).
 */
export function defaultCacheDir(root: URL, base: string): string {
  const parent = settings().DLT_CACHE_DIR ?? fileURLToPath(new URL('../../node_modules/.cache/dl-theory/', import.meta.url));
  return `${parent.replace(/\/$/, '')}/${hashOf([root.href, base])}`;
}

/** Notes larger than this are refused: they would make a page no reader can load on a phone. */
export const MAX_NOTE_BYTES = 1024 * 1024;

export interface CorpusOptions {
  /** The folder that holds `content/` (a directory URL ending in `/`): the project root, or another corpus. */
  root: URL;
  /** Site base path, e.g. `/` or `/dl-theory/`. */
  base: string;
  /**
   * Where rendered notes are written and reused from (see RenderCache). Defaults to a folder under
   * node_modules/.cache keyed by the content root and base path.
   */
  cacheDir?: string;
  /** How long one note may take to render; default DLT_NOTE_BUDGET_MS (20 s). */
  noteBudgetMs?: number;
}

/** A note, fully processed: what the site renders and what the checker reports on. */
export interface NoteRecord extends Omit<NoteFrontmatter, 'related'> {
  slug: string;
  /** Project-relative path of the source file. */
  file: string;
  /** Path relative to the notes folder. */
  path: string;
  related: string[];
  /** Absolute path of the rendered HTML of the body (pages read it when they render). */
  htmlFile: string;
  headings: NoteHeading[];
  links: { slug: string; anchor?: string; context: string }[];
  /** Distinct cited keys, in order of first citation. */
  cites: string[];
  backlinks: Backlink[];
  relatedNotes: string[];
  words: number;
  formulas: number;
  readingMinutes: number;
  /** Last change: frontmatter `updated`, else the last commit touching the file. */
  lastUpdated?: Date;
  /** True when this build reused the previous render. */
  reused: boolean;
}

export interface PaperRecord extends Paper {
  citedIn: { slug: string; contexts: string[] }[];
  label: CitationLabel;
}

export interface Corpus {
  notes: NoteRecord[];
  papers: PaperRecord[];
  sections: Section[];
  tags: Tag[];
  problems: Problem[];
  stats: { notes: number; rendered: number; reused: number; renderMs: number; totalMs: number };
}

interface RawNote {
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
  /** False when the frontmatter had errors (already reported): no further warnings about it. */
  valid: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The absolute path of a project-relative path. Joined as a path, never resolved as a URL: file
 * names may hold `#`, `?` or `%`, which a URL would read as a fragment, a query or an escape.
 */
function pathIn(root: URL, path: string): string {
  return join(fileURLToPath(root), path);
}

/**
 * The files under `dir` (relative to it) whose names match `pattern`. Symbolic links are never
 * followed into folders (a link to `/` once made the checker walk the whole disk); a linked file
 * inside the content root is read like any other, one that points outside it is reported.
 */
async function listFiles(root: URL, dir: string, pattern: RegExp, recursive: boolean, problems: Problem[]): Promise<string[]> {
  const base = pathIn(root, dir);
  const entries = await readdir(base, { recursive, withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    const rel = relative(base, join(e.parentPath, e.name)).split('\\').join('/');
    if (rel.split('/').includes('node_modules')) continue;
    if (e.isFile() && pattern.test(e.name)) files.push(rel);
    if (!e.isSymbolicLink()) continue;
    const target = await realpath(join(base, rel)).catch(() => undefined);
    const info = target ? await stat(target).catch(() => undefined) : undefined;
    const inside = target !== undefined && !relative(fileURLToPath(root), target).startsWith('..');
    if (inside && info?.isFile() && pattern.test(e.name)) files.push(rel);
    else if (!inside && (info?.isDirectory() || pattern.test(e.name))) {
      problems.push(
        problem(`${dir}/${rel}`, undefined, `the ${info?.isDirectory() ? 'folder' : 'file'} is a symbolic link to ${target ?? 'nothing'}, outside the content folder: copy what it points to into content/ instead`, 'symlink-outside'),
      );
    }
  }
  return files;
}

async function readText(root: URL, path: string, problems: Problem[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(pathIn(root, path));
  } catch {
    return undefined;
  }
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    const bad = firstInvalidUtf8(bytes);
    problems.push(problem(path, { line: bad.line, column: bad.column }, `the file is not valid UTF-8 (byte 0x${bad.byte} at offset ${bad.offset}); re-save it as UTF-8`, 'encoding'));
    return undefined;
  }
}

/** Finds the first byte that breaks UTF-8, with its line and column, for the error message. */
function firstInvalidUtf8(bytes: Buffer): { offset: number; byte: string; line: number; column: number } {
  let offset = 0;
  while (offset < bytes.length) {
    const b = bytes[offset];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    let ok = need >= 0 && offset + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[offset + k] & 0xc0) === 0x80;
    if (!ok) break;
    offset += need + 1;
  }
  const before = bytes.subarray(0, offset).toString('utf8');
  const line = before.split('\n').length;
  return { offset, byte: (bytes[offset] ?? 0).toString(16).padStart(2, '0'), line, column: before.length - before.lastIndexOf('\n') };
}

/** Reads a taxonomy list; undefined when the file cannot be read as a list at all (already reported). */
async function readYamlList<S extends z.ZodType>(root: URL, path: string, schema: S, problems: Problem[]): Promise<z.output<S>[] | undefined> {
  const text = await readText(root, path, problems);
  if (text === undefined) {
    problems.push(problem(path, undefined, `${path} is missing`, 'missing-file'));
    return undefined;
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const at = e instanceof YAMLParseError ? e.linePos?.[0] : undefined;
    const message = (e as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    problems.push(problem(path, { line: at?.line ?? 1, column: at?.col ?? 1 }, `not valid YAML: ${message}`, 'taxonomy-yaml'));
    return undefined;
  }
  if (!Array.isArray(raw)) {
    problems.push(problem(path, { line: 1, column: 1 }, 'expected a list of entries (`- id: …`)', 'taxonomy-shape'));
    return undefined;
  }
  const out: z.output<S>[] = [];
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const r = schema.safeParse(item);
    const line = lineOfListItem(text, i);
    if (!r.success) {
      for (const issue of r.error.issues) problems.push(problem(path, { line, column: 1 }, `entry ${i + 1}: ${issue.path.join('.') || 'entry'}: ${issue.message}`, 'taxonomy-invalid'));
      return;
    }
    const id = (r.data as { id: string }).id;
    if (seen.has(id)) problems.push(problem(path, { line, column: 1 }, `duplicate id "${id}"`, 'taxonomy-duplicate'));
    seen.add(id);
    out.push(r.data);
  });
  return out;
}

function lineOfListItem(text: string, index: number): number {
  let count = -1;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^- /.test(lines[i])) count++;
    if (count === index) return i + 1;
  }
  return 1;
}

/** The last commit date of every file under `dir`, from one `git log` (empty outside a repository). */
async function gitDates(root: URL, dir: string): Promise<Map<string, Date>> {
  const dates = new Map<string, Date>();
  try {
    const { stdout } = await promisify(execFile)('git', ['log', '--format=@%cI', '--name-only', '--no-renames', '--', dir], {
      cwd: fileURLToPath(root),
      maxBuffer: 64 * 1024 * 1024,
    });
    let current: Date | undefined;
    for (const line of stdout.split('\n')) {
      if (line.startsWith('@')) current = new Date(line.slice(1));
      else if (line && current && !dates.has(line)) dates.set(line, current);
    }
  } catch {
    // Not a git checkout (e.g. a benchmark corpus): dates come from frontmatter only.
  }
  return dates;
}

/** Whatever usable frontmatter a note with schema errors has (the errors are already reported). */
function lenientFrontmatter(raw: unknown, slug: string): NoteFrontmatter | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
  return {
    title: text(r.title, slug),
    summary: text(r.summary, ''),
    section: text(r.section, ''),
    tags: list(r.tags),
    aliases: list(r.aliases),
    related: list(r.related),
    updated: undefined,
    draft: r.draft === true,
  };
}

/**
 * Reads, checks and renders the whole content folder. The site's loaders and `npm run check:content`
 * both call this, so they report the same problems. Every problem is collected; none stops the
 * others from being found.
 */
export async function loadCorpus(options: CorpusOptions): Promise<Corpus> {
  const started = performance.now();
  const { root, base } = options;
  const problems: Problem[] = [];

  const [sectionList, tagList, bibText, figureFiles, noteFiles, dates] = await Promise.all([
    readYamlList(root, CONTENT.sections, sectionSchema, problems),
    readYamlList(root, CONTENT.tags, tagSchema, problems),
    readText(root, CONTENT.bibliography, problems),
    listFiles(root, CONTENT.figures, /\.svg$/i, false, problems),
    listFiles(root, CONTENT.notes, /\.md$/i, true, problems),
    gitDates(root, CONTENT.notes),
  ]);
  noteFiles.sort();
  const sections = sectionList ?? [];
  const tags = tagList ?? [];
  // A taxonomy file that cannot be read is reported once; checking every note against an empty
  // list would bury that one problem under one false "unknown" per note.
  const sectionIds = sectionList && new Set(sections.map((s) => s.id));
  const tagIds = tagList && new Set(tags.map((t) => t.id));

  // Bibliography.
  let papers: Paper[] = [];
  if (bibText === undefined) problems.push(problem(CONTENT.bibliography, undefined, 'the bibliography is missing: create content/references.bib', 'missing-file'));
  else {
    const bib = parseBibliography(bibText, CONTENT.bibliography);
    papers = bib.papers;
    problems.push(...bib.problems);
    for (const p of papers) for (const t of p.tags) {
      if (tagIds && !tagIds.has(t)) problems.push(problem(CONTENT.bibliography, { line: p.line, column: 1 }, `"${p.key}" has keyword "${t}", which is not a tag in content/tags.yml.${didYouMean(t, tagIds)}`, 'unknown-tag'));
    }
  }
  const labels = citationLabels(papers);

  // Figures.
  const figures: [string, string | null][] = [];
  const figureHashes = new Map<string, string>();
  for (const name of figureFiles) {
    const path = `${CONTENT.figures}/${name}`;
    const size = (await stat(pathIn(root, path)).catch(() => undefined))?.size ?? 0;
    if (size > MAX_FIGURE_BYTES) {
      problems.push(problem(path, { line: 1, column: 1 }, `the figure is ${Math.round(size / 1024)} KB; the limit is ${MAX_FIGURE_BYTES / 1024} KB. Simplify it (fewer points, no embedded data) or split it`, 'figure-too-large'));
      figures.push([name, null]);
      figureHashes.set(name, hashOf(''));
      continue;
    }
    const text = await readText(root, path, problems);
    if (text === undefined) continue;
    const { errors } = parseFigure(text);
    for (const e of errors) problems.push(problem(path, { line: 1, column: 1 }, e, 'unsafe-figure'));
    figures.push([name, errors.length === 0 ? text : null]);
    figureHashes.set(name, hashOf(errors.length === 0 ? text : ''));
  }

  // Notes: read, split, validate.
  const raws: RawNote[] = [];
  const slugOwner = new Map<string, string>();
  await Promise.all(
    noteFiles.map(async (path) => {
      const file = `${CONTENT.notes}/${path}`;
      const info = await stat(pathIn(root, file)).catch(() => undefined);
      if (!info) return;
      if (info.size > MAX_NOTE_BYTES) {
        problems.push(problem(file, undefined, `the note is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_NOTE_BYTES / 1024 / 1024} MB. Split it into several linked notes`, 'note-too-large'));
        return;
      }
      const text = await readText(root, file, problems);
      if (text === undefined) return;
      if (text.trim() === '') {
        problems.push(problem(file, undefined, 'the file is empty: add frontmatter (title, summary, section) and a body, or delete it', 'empty-file'));
        return;
      }
      const split = splitFrontmatter(text);
      const validated = validateFrontmatter(noteFrontmatterSchema, split, file, noteFrontmatterKeys);
      problems.push(...validated.problems);
      // With broken frontmatter the note is still read as far as it can be, so its links, math and
      // citations are checked in the same run (all problems at once) and links to it still resolve.
      const data = validated.data ?? lenientFrontmatter(split.data, noteSlugFromPath(path));
      if (!data) return;
      if (sectionIds && data.section !== '' && !sectionIds.has(data.section)) {
        problems.push(problem(file, split.locate(['section']), `unknown section "${data.section}".${didYouMean(data.section, sectionIds)} Sections: ${[...sectionIds].join(', ')}`, 'unknown-section'));
      }
      data.tags.forEach((t, i) => {
        if (tagIds && !tagIds.has(t)) problems.push(problem(file, split.locate(['tags', i]), `tag "${t}" is not in content/tags.yml.${didYouMean(t, tagIds)} Add it there with a description, or use an existing tag`, 'unknown-tag'));
      });
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
        valid: validated.data !== undefined,
      });
    }),
  );
  raws.sort((a, b) => a.file.localeCompare(b.file));
  const notes: RawNote[] = [];
  for (const raw of raws) {
    if (raw.slug === '') {
      problems.push(problem(raw.file, { line: 1, column: 1 }, `the file name "${raw.path.split('/').pop()}" has no letter or digit to make the note's address from: rename the file, e.g. rocket-launch.md`, 'empty-slug'));
      continue;
    }
    const owner = slugOwner.get(raw.slug);
    if (owner) {
      problems.push(problem(raw.file, { line: 1, column: 1 }, `duplicate slug "${raw.slug}": ${owner} already uses it. Rename one of the files`, 'duplicate-slug'));
      continue;
    }
    slugOwner.set(raw.slug, raw.file);
    notes.push(raw);
  }

  // The link index, and names claimed twice.
  const linkable: LinkableNote[] = notes.map((n) => ({ slug: n.slug, title: n.frontmatter.title, aliases: n.frontmatter.aliases, path: n.path }));
  const { index, conflicts } = buildLinkIndex(linkable);
  const bySlug = new Map(notes.map((n) => [n.slug, n]));
  for (const c of conflicts) {
    const owners = c.slugs.map((s) => bySlug.get(s)).filter((n): n is RawNote => n !== undefined);
    for (const n of owners) {
      const others = owners.filter((o) => o !== n).map((o) => o.file).join(', ');
      const isTitle = n.frontmatter.title.trim().toLowerCase() === c.name;
      problems.push(
        problem(
          n.file,
          { line: isTitle ? n.titleLine : n.aliasLine, column: 1 },
          `"${c.name}" is claimed by more than one note (also ${others}); a title or alias must name one note only`,
          isTitle && c.kind === 'title' ? 'duplicate-title' : 'duplicate-alias',
        ),
      );
    }
  }

  // Render, reusing previous renders whose source and dependencies are unchanged.
  const renderStarted = performance.now();
  const cache = new RenderCache(options.cacheDir ?? defaultCacheDir(root, base));
  if (!options.cacheDir) await touchAndPrune(cache.dir);
  const ctx = { index, labels, figureHashes, base, renderer: await rendererVersion() };
  const sourceHashes = notes.map((n) => hashOf([n.body, n.bodyLine, n.path, n.slug]));
  // Each note's HTML file is fixed here (content-addressed), together with the problems found in it.
  const htmlHashes: string[] = [];
  const outputs: (RenderMeta | undefined)[] = await Promise.all(
    notes.map(async (n, i) => {
      const prev = await cache.read(n.slug);
      if (!prev || prev.sourceHash !== sourceHashes[i] || prev.output.problems.length > 0) return undefined;
      if (renderFingerprint(prev.output.deps, ctx) !== prev.fingerprint) return undefined;
      htmlHashes[i] = prev.htmlHash;
      return prev.output;
    }),
  );
  const reusedSet = new Set(outputs.flatMap((o, i) => (o ? [i] : [])));
  const toRender: RenderInput[] = [];
  const toRenderIndex: number[] = [];
  notes.forEach((n, i) => {
    if (outputs[i]) return;
    toRender.push({ slug: n.slug, file: n.file, path: n.path, body: n.body, bodyLine: n.bodyLine });
    toRenderIndex.push(i);
  });
  await renderAll({ base, notes: linkable, labels: [...labels], figures, budgetMs: options.noteBudgetMs }, toRender, async (out, j) => {
    const i = toRenderIndex[j];
    const { html, ...rest } = out;
    outputs[i] = rest;
    htmlHashes[i] = await cache.write(notes[i].slug, { sourceHash: sourceHashes[i], fingerprint: renderFingerprint(out.deps, ctx), output: rest }, html);
  });
  await cache.prune(htmlHashes);
  const renderMs = performance.now() - renderStarted;

  // Heading links, now that every note's headings are known; then the graph.
  const headingsOf = new Map(notes.map((n, i) => [n.slug, (outputs[i] as RenderMeta).headings]));
  const records: NoteRecord[] = notes.map((n, i) => {
    const out = outputs[i] as RenderMeta;
    problems.push(...out.problems);
    const links = out.links.map((l) => {
      if (!l.heading) return { slug: l.slug, context: l.context };
      const r = resolveHeading(headingsOf.get(l.slug) ?? [], l.heading);
      if (!r.ok) {
        const valid = (headingsOf.get(l.slug) ?? []).map((h) => h.text);
        problems.push(
          problem(
            n.file,
            { line: l.line, column: l.column },
            `heading "${l.heading}" does not exist in ${l.slug}.${r.suggestion ? ` Did you mean "${r.suggestion}"?` : ''}${valid.length ? ` Headings there: ${valid.slice(0, 8).join('; ')}` : ' That note has no headings.'}`,
            'missing-heading',
          ),
        );
        return { slug: l.slug, context: l.context };
      }
      return { slug: l.slug, anchor: r.id, context: l.context };
    });
    const related: string[] = [];
    n.frontmatter.related.forEach((target, k) => {
      const r = resolveTarget(index, target);
      if (r.ok) related.push(r.slug);
      else {
        problems.push(problem(n.file, { line: n.relatedLines[k] ?? 1, column: 1 }, `related entry "${target}" (item ${k + 1}) names no note.${r.reason === 'not-found' && r.suggestion ? ` Did you mean "${r.suggestion}"?` : ''}`, 'broken-related'));
      }
    });
    const { related: _r, ...fm } = n.frontmatter;
    const displayFormulas = out.displayFormulas;
    return {
      ...fm,
      slug: n.slug,
      file: n.file,
      path: n.path,
      related,
      htmlFile: cache.htmlPath(htmlHashes[i]),
      headings: out.headings,
      links,
      cites: [...new Set(out.citations.map((c) => c.key))],
      backlinks: [],
      relatedNotes: [],
      words: out.words,
      formulas: out.formulas,
      readingMinutes: Math.max(1, Math.round(out.words / 200 + displayFormulas * 0.2)),
      lastUpdated: n.frontmatter.updated ?? dates.get(n.file),
      reused: reusedSet.has(i),
    };
  });

  const graphInput = records.map((r, i) => ({
    slug: r.slug,
    links: r.links,
    citations: (outputs[i] as RenderMeta).citations,
    tags: r.tags,
    related: r.related,
  }));
  const graph = buildLinkGraph(graphInput);
  const related = relatedNotes(graphInput, graph);
  for (const r of records) {
    r.backlinks = graph.backward.get(r.slug) ?? [];
    r.relatedNotes = related.get(r.slug) ?? [];
    if (r.backlinks.length === 0 && records.length > 1 && bySlug.get(r.slug)?.valid) {
      problems.push(problem(r.file, { line: 1, column: 1 }, `no other note links to "${r.slug}"; link to it from a related note so readers can find it`, 'orphan-note', 'warning'));
    }
  }

  // Papers, with the notes that cite them.
  const citedIn = new Map<string, Map<string, string[]>>();
  records.forEach((r, i) => {
    for (const c of (outputs[i] as RenderMeta).citations) {
      const byNote = citedIn.get(c.key) ?? new Map<string, string[]>();
      const contexts = byNote.get(r.slug) ?? [];
      if (c.context && !contexts.includes(c.context)) contexts.push(c.context);
      byNote.set(r.slug, contexts);
      citedIn.set(c.key, byNote);
    }
  });
  const paperRecords: PaperRecord[] = papers.map((p) => ({
    ...p,
    label: labels.get(p.key) as CitationLabel,
    citedIn: [...(citedIn.get(p.key) ?? new Map()).entries()].map(([slug, contexts]) => ({ slug, contexts })),
  }));

  const reused = records.filter((r) => r.reused).length;
  return {
    notes: records,
    papers: paperRecords,
    sections,
    tags,
    problems: sortProblems(problems),
    stats: { notes: records.length, rendered: records.length - reused, reused, renderMs, totalMs: performance.now() - started },
  };
}
