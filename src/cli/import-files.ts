/**
 * The files side of `npm run import`: reading the folder to import and the site it goes into,
 * and writing a plan (src/lib/import/plan.ts) without ever replacing a file it was not told to.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseBibliography } from '../lib/bibtex.ts';
import { splitFrontmatter } from '../lib/frontmatter.ts';
import { isFigureFile } from '../lib/import/figures.ts';
import type { FolderInput, ImportPlan, SiteInput } from '../lib/import/plan.ts';
import type { ImportEntry } from '../lib/import/report.ts';
import type { SourceFile } from '../lib/import/prepare.ts';
import { formatProblem, type Problem } from '../lib/problems.ts';
import { noteSlugFromPath } from '../lib/slugs.ts';
import { CONTENT, readText, readYamlList } from '../pipeline/content-files.ts';
import { sectionSchema, tagSchema } from '../schemas/taxonomy.ts';

/** Folders that hold a site generator's output, tools' settings or dependencies, never notes. */
const skippedFolders = new Set(['_site', 'node_modules']);
const isMarkdown = (name: string) => /\.(md|markdown)$/i.test(name);
const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every Markdown file of a folder (recursively, skipping dot folders such as `.git` and
 * `.obsidian`, `_site` and `node_modules`) and lists its other files, hashing the images.
 * Files that cannot be imported (not UTF-8, empty, symbolic links) are reported, not read.
 */
export async function readFolder(dir: string, label: string): Promise<{ folder: FolderInput; entries: ImportEntry[] }> {
  const files: SourceFile[] = [];
  const assets = new Map<string, string>();
  const entries: ImportEntry[] = [];
  const skip = (path: string, message: string) =>
    entries.push({ file: `${label}/${path}`, line: 0, column: 0, message, rule: 'not-imported', look: true });
  const walk = async (rel: string): Promise<void> => {
    const list = await readdir(join(dir, rel), { withFileTypes: true });
    for (const e of list.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink())
        skip(path, 'a symbolic link, not followed; copy what it points to into the folder to import it');
      else if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !skippedFolders.has(e.name)) await walk(path);
      } else if (e.isFile() && isMarkdown(e.name)) {
        const bytes = await readFile(join(dir, path));
        let text: string;
        try {
          text = utf8.decode(bytes);
        } catch {
          skip(path, 'not valid UTF-8, not imported: re-save it as UTF-8 and import again');
          continue;
        }
        if (text.trim() === '') skip(path, 'empty, not imported');
        else files.push({ path, text });
      } else if (e.isFile()) {
        assets.set(path, isFigureFile(e.name) ? hashOf(await readFile(join(dir, path))) : '');
      }
    }
  };
  await walk('');
  return { folder: { label, files, assets }, entries };
}

/** A problem with the site's own content that stops an import before it starts. */
export class SiteUnreadable extends Error {}

/** Reads what the import needs from the site: taxonomy, bibliography keys, notes and figures. */
export async function readSite(root: string): Promise<SiteInput> {
  const url = pathToFileURL(`${root}/`);
  const problems: Problem[] = [];
  const [sections, tags, bib] = await Promise.all([
    readYamlList(url, CONTENT.sections, sectionSchema, problems),
    readYamlList(url, CONTENT.tags, tagSchema, problems),
    readText(url, CONTENT.bibliography, problems),
  ]);
  if (!sections || !tags)
    throw new SiteUnreadable(
      `${problems.map(formatProblem).join('\n')}\nFix these first (npm run check:content), then import again.`,
    );
  const citeKeys = new Set(
    bib === undefined ? [] : parseBibliography(bib, CONTENT.bibliography).papers.map((p) => p.key),
  );
  const noteFiles = (await readdir(join(root, CONTENT.notes), { recursive: true }).catch(() => [] as string[])).filter(
    (f) => /\.md$/i.test(f),
  );
  const notes = await Promise.all(
    noteFiles.map(async (file) => {
      const data = (splitFrontmatter((await readFile(join(root, CONTENT.notes, file), 'utf8')).replace(/\r\n?/g, '\n'))
        .data ?? {}) as { title?: unknown; aliases?: unknown };
      return {
        slug: noteSlugFromPath(file),
        title: String(data.title ?? ''),
        aliases: Array.isArray(data.aliases) ? data.aliases.map(String) : [],
      };
    }),
  );
  const figureNames = await readdir(join(root, CONTENT.figures)).catch(() => [] as string[]);
  const figures = new Map(
    await Promise.all(
      figureNames.map(
        async (name) => [name, hashOf(await readFile(join(root, CONTENT.figures, name)))] as [string, string],
      ),
    ),
  );
  return { sections, tags, citeKeys, notes, figures };
}

/**
 * Writes the notes and copies the images of a plan under `root`. A file that already exists is
 * never replaced (the plan chose free names), except a note the plan marks as an overwrite.
 */
export async function writePlan(root: string, folderDir: string, plan: ImportPlan): Promise<void> {
  await mkdir(join(root, CONTENT.notes), { recursive: true });
  await mkdir(join(root, CONTENT.figures), { recursive: true });
  for (const n of plan.notes)
    await writeFile(join(root, CONTENT.notes, `${n.slug}.md`), n.text, { flag: n.overwrite ? 'w' : 'wx' });
  for (const f of plan.figures) {
    if (f.copy) await copyFile(join(folderDir, f.source), join(root, CONTENT.figures, f.name), constants.COPYFILE_EXCL);
  }
}
