/**
 * Reading the content folder: files as UTF-8 text (with the first bad byte located), the taxonomy
 * YAML lists, the listing of notes and figures (symbolic links never followed out of the folder),
 * and the last commit date of every note. Every problem goes into the caller's list.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { problem, type Problem } from '../lib/problems.ts';

/** Where the content lives, relative to the project root. */
export const CONTENT = {
  notes: 'content/notes',
  bibliography: 'content/references.bib',
  sections: 'content/sections.yml',
  tags: 'content/tags.yml',
  figures: 'content/figures',
  readingPath: 'content/reading-path.yml',
} as const;

/** Notes larger than this are refused: they would make a page no reader can load on a phone. */
export const MAX_NOTE_BYTES = 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The absolute path of a project-relative path. Joined as a path, never resolved as a URL: file
 * names may hold `#`, `?` or `%`, which a URL would read as a fragment, a query or an escape.
 */
export function pathIn(root: URL, path: string): string {
  return join(fileURLToPath(root), path);
}

/**
 * The files under `dir` (relative to it) whose names match `pattern`. Symbolic links are never
 * followed into folders (a link to `/` once made the checker walk the whole disk); a linked file
 * inside the content root is read like any other, one that points outside it is reported.
 */
export async function listFiles(
  root: URL,
  dir: string,
  pattern: RegExp,
  recursive: boolean,
  problems: Problem[],
): Promise<string[]> {
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
        problem(
          `${dir}/${rel}`,
          undefined,
          `the ${info?.isDirectory() ? 'folder' : 'file'} is a symbolic link to ${target ?? 'nothing'}, ` +
            'outside the content folder: copy what it points to into content/ instead',
          'symlink-outside',
        ),
      );
    }
  }
  return files;
}

export async function readText(root: URL, path: string, problems: Problem[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(pathIn(root, path));
  } catch {
    return undefined;
  }
  try {
    return decoder
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
  } catch {
    const bad = firstInvalidUtf8(bytes);
    problems.push(
      problem(
        path,
        { line: bad.line, column: bad.column },
        `the file is not valid UTF-8 (byte 0x${bad.byte} at offset ${bad.offset}); re-save it as UTF-8`,
        'encoding',
      ),
    );
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
  return {
    offset,
    byte: (bytes[offset] ?? 0).toString(16).padStart(2, '0'),
    line,
    column: before.length - before.lastIndexOf('\n'),
  };
}

/** Reads a taxonomy list; undefined when the file cannot be read as a list at all (already reported). */
export async function readYamlList<S extends z.ZodType>(
  root: URL,
  path: string,
  schema: S,
  problems: Problem[],
): Promise<(z.output<S>[] & { ids: Set<string> }) | undefined> {
  const ids = new Set<string>();
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
    problems.push(
      problem(path, { line: at?.line ?? 1, column: at?.col ?? 1 }, `not valid YAML: ${message}`, 'taxonomy-yaml'),
    );
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
    // An entry with a mistake still claims its id, so notes that use it are not also reported:
    // the one mistake is the root cause.
    const claimed = (item as { id?: unknown } | null)?.id;
    if (typeof claimed === 'string') ids.add(claimed);
    if (!r.success) {
      for (const issue of r.error.issues)
        problems.push(
          problem(
            path,
            { line, column: 1 },
            `entry ${i + 1}: ${issue.path.join('.') || 'entry'}: ${issue.message}`,
            'taxonomy-invalid',
          ),
        );
      return;
    }
    const id = (r.data as { id?: string }).id;
    if (id !== undefined && seen.has(id))
      problems.push(problem(path, { line, column: 1 }, `duplicate id "${id}"`, 'taxonomy-duplicate'));
    if (id !== undefined) seen.add(id);
    out.push(r.data);
  });
  return Object.assign(out, { ids });
}

export function lineOfListItem(text: string, index: number): number {
  let count = -1;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^- /.test(lines[i])) count++;
    if (count === index) return i + 1;
  }
  return 1;
}

/** The last commit date of every file under `dir`, from one `git log` (empty outside a repository). */
export async function gitDates(root: URL, dir: string): Promise<Map<string, Date>> {
  const dates = new Map<string, Date>();
  try {
    const { stdout } = await promisify(execFile)(
      'git',
      ['log', '--format=@%cI', '--name-only', '--no-renames', '--', dir],
      {
        cwd: fileURLToPath(root),
        maxBuffer: 64 * 1024 * 1024,
      },
    );
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
