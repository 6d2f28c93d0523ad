import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeBase } from './lib/slugs.ts';

/**
 * Every build setting, read from the environment once and checked here (the README's table lists
 * the same variables). Nothing else in src/ reads `process.env.DLT_*`.
 *
 * | variable | meaning |
 * |---|---|
 * | DLT_BASE, DLT_SITE | base path (normalised to `/x/`) and origin the site is published at |
 * | | (default: package.json `homepage`) |
 * | DLT_EDIT_BASE | prefix of "Edit this note" links, the file path appended (default: package.json `repository`) |
 * | DLT_DIST | output folder (default `dist`; the file:// copy goes to `<DLT_DIST>-offline`) |
 * | DLT_CONTENT_ROOT | the folder that holds `content/` (default: the project) |
 * | DLT_CACHE_DIR | parent folder of the render, search bundle and file:// copy caches, and of Node's |
 * | | compile cache for the build's processes (default node_modules/.cache/dl-theory) |
 * | DLT_WORKERS | render threads (default: by corpus size, see render-pool.ts) |
 * | DLT_PAGEFIND_BATCH | pages per search bundle, each indexed and cached on its own (default 1,350) |
 * | DLT_PAGEFIND_BUNDLE_MB | megabytes of HTML per search bundle (default 256; see pagefind-index.ts) |
 * | DLT_NOTE_BUDGET_MS | time one note may take to render before it is reported (default 20,000) |
 * | DLT_PRECACHE_ALL_MB | precache the whole site on the first visit if it weighs at most this many MB (default 10) |
 * | DLT_TIMINGS | write phase timings as JSON to this file (npm run bench) |
 * | DLT_MEMORY, DLT_QUIET | print memory per step; quieter logs |
 * | DLT_OUT_DIR, DLT_ASTRO_CACHE_DIR | internal: set by the build for its Astro step, and by the benchmark |
 */

/**
 * Each variable's reader: it returns the value, or a message saying what to write instead. Written
 * out rather than with a schema library: every step of the build is a process that reads these
 * settings, and loading zod took 16 MB in each (the build, the search feeder and the file:// copy sit
 * beside Pagefind's binary at the build's peak).
 */
type Problem = { problem: string };
type Reader<T> = (raw: string | undefined) => T | Problem;
const trimmed = (raw: string | undefined) => (raw === undefined || raw.trim() === '' ? undefined : raw.trim());
const text: Reader<string | undefined> = trimmed;
const flag: Reader<boolean> = (raw) => raw !== undefined && raw !== '' && raw !== '0' && raw.toLowerCase() !== 'false';
const matching =
  (pattern: RegExp, problem: string): Reader<string | undefined> =>
  (raw) => {
    const value = trimmed(raw);
    return value === undefined || pattern.test(value) ? value : { problem };
  };
/** A whole number of at least `min`; `fallback` when unset. */
const whole =
  <F extends number | undefined>(what: string, min: number, fallback: F): Reader<number | F> =>
  (raw) => {
    const value = trimmed(raw);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) return { problem: `${what} must be a whole number, like 4` };
    return Number(value) >= min ? Number(value) : { problem: `${what} must be at least ${min}` };
  };
/** A non-negative number of megabytes such as 10 or 2.5; `fallback` when unset. */
const megabytes =
  (what: string, fallback: number): Reader<number> =>
  (raw) => {
    const value = trimmed(raw);
    if (value === undefined) return fallback;
    return /^\d+(\.\d+)?$/.test(value)
      ? Number(value)
      : { problem: `${what} must be a number of megabytes, like 10 or 2.5` };
  };

const readers = {
  DLT_BASE: text,
  DLT_SITE: matching(
    /^https?:\/\/[^/\s]+$/,
    'DLT_SITE must be an origin such as https://user.github.io (no path: put the path in DLT_BASE)',
  ),
  DLT_EDIT_BASE: matching(/^https?:\/\/\S+$/, 'DLT_EDIT_BASE must be an http(s) address'),
  DLT_DIST: text,
  DLT_CONTENT_ROOT: text,
  DLT_CACHE_DIR: text,
  DLT_WORKERS: whole('DLT_WORKERS', 0, undefined),
  DLT_PAGEFIND_BATCH: whole('DLT_PAGEFIND_BATCH', 1, 1350),
  DLT_PAGEFIND_BUNDLE_MB: megabytes('DLT_PAGEFIND_BUNDLE_MB', 256),
  DLT_NOTE_BUDGET_MS: whole('DLT_NOTE_BUDGET_MS', 100, 20_000),
  // 10 MB: ten times the shell a first visit saves anyway (about 1 MB), a few seconds on a phone network;
  // this site's 575 pages weigh 24.6 MB, so it is saved on demand (see src/lib/offline-plan.ts).
  DLT_PRECACHE_ALL_MB: megabytes('DLT_PRECACHE_ALL_MB', 10),
  DLT_TIMINGS: text,
  DLT_MEMORY: flag,
  DLT_QUIET: flag,
  DLT_OUT_DIR: text,
  DLT_ASTRO_CACHE_DIR: text,
};
type Parsed = { [K in keyof typeof readers]: Exclude<ReturnType<(typeof readers)[K]>, Problem> };

/** The parsed settings. */
export type Settings = Omit<Parsed, 'DLT_BASE' | 'DLT_SITE' | 'DLT_EDIT_BASE'> & {
  DLT_BASE: string;
  DLT_SITE: string;
  DLT_EDIT_BASE: string;
  /** Absolute folder that holds `content/`. */
  contentRoot: string;
  /** Absolute output folder. */
  dist: string;
  /** What is still a placeholder (where the site is published, where its sources are): the build warns. */
  placeholders: string[];
};

/** The project root (the folder with package.json). */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The fields of package.json that say where the site is published and where its sources live. */
export interface PackageInfo {
  homepage?: string;
  repository?: string | { url?: string };
}

/** Placeholders the project ships with until its owner sets package.json `homepage` and `repository`. */
export const PLACEHOLDER_HOMEPAGE = 'https://example.github.io/';
export const PLACEHOLDER_REPOSITORY = 'https://github.com/example/dl-theory-kb';

/**
 * The project's package.json: the nearest one above this module, since Astro's page step runs this
 * code bundled into a folder under .astro/.
 */
function readPackageInfo(): PackageInfo {
  for (let dir = projectRoot; ; dir = dirname(dir)) {
    const file = resolve(dir, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PackageInfo;
    if (dirname(dir) === dir) return {};
  }
}

/** A repository as npm accepts it (`github:o/r`, `o/r`, `git+https://…/o/r.git`) as a web address. */
export function repositoryUrl(repository: PackageInfo['repository']): string | undefined {
  const raw = (typeof repository === 'string' ? repository : repository?.url)?.trim();
  if (!raw) return undefined;
  const short = /^(?:(github|gitlab):)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (short) return `https://${short[1] ?? 'github'}.com/${short[2]}`;
  const url = /^(?:git\+)?(https?:\/\/[^\s]+?)(?:\.git)?\/?$/.exec(raw.replace(/^git:\/\//, 'https://'));
  return url?.[1];
}

/** Where "Edit this note" links go for a repository: GitHub's and GitLab's edit pages, on the main branch. */
function editBaseOf(repo: string | undefined): string | undefined {
  if (!repo) return undefined;
  return /^https:\/\/gitlab\.com\//.test(repo) ? `${repo}/-/edit/main/` : `${repo}/edit/main/`;
}

/**
 * Parses the settings from an environment (by default `process.env`). Throws one error listing
 * every bad variable with what to write instead.
 */
export function readSettings(
  env: Record<string, string | undefined> = process.env,
  pkg: PackageInfo = readPackageInfo(),
): Settings {
  const values: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const [name, read] of Object.entries(readers)) {
    const value = read(env[name]);
    if (typeof value === 'object') lines.push(`  ${name}: ${value.problem}`);
    else values[name] = value;
  }
  if (lines.length > 0) {
    const error = new Error(`Invalid build settings:\n${lines.join('\n')}`);
    error.name = 'SettingsError';
    throw error;
  }
  const s = values as Parsed;
  // package.json is the one place that says where the site is published and where its sources
  // are; the DLT_* variables override it for one build (a preview deploy, a fork's CI).
  let home: URL | undefined;
  try {
    home = pkg.homepage ? new URL(pkg.homepage) : undefined;
  } catch {
    throw Object.assign(
      new Error(
        'Invalid build settings:\n' +
          `  package.json homepage: "${pkg.homepage}" is not an address such as https://user.github.io/notes/`,
      ),
      { name: 'SettingsError' },
    );
  }
  const site = s.DLT_SITE ?? home?.origin ?? new URL(PLACEHOLDER_HOMEPAGE).origin;
  const editBase =
    s.DLT_EDIT_BASE ?? editBaseOf(repositoryUrl(pkg.repository)) ?? editBaseOf(PLACEHOLDER_REPOSITORY) ?? '';
  const placeholders: string[] = [];
  if (site === new URL(PLACEHOLDER_HOMEPAGE).origin) {
    placeholders.push(
      `the site's address is still the placeholder ${site}, so canonical and Open Graph URLs point there: ` +
        'set "homepage" in package.json (or DLT_SITE) to where the site is published',
    );
  }
  if (editBase.startsWith(PLACEHOLDER_REPOSITORY)) {
    placeholders.push(
      `"Edit this note" links still go to the placeholder ${PLACEHOLDER_REPOSITORY}: ` +
        `set "repository" in package.json (or DLT_EDIT_BASE) to the notes' repository`,
    );
  }
  return {
    ...s,
    DLT_BASE: normalizeBase(s.DLT_BASE ?? home?.pathname),
    DLT_SITE: site,
    DLT_EDIT_BASE: editBase,
    placeholders,
    contentRoot: resolve(projectRoot, s.DLT_CONTENT_ROOT ?? '.'),
    dist: resolve(projectRoot, s.DLT_DIST ?? 'dist'),
  };
}

/** The settings of this process, parsed on first use. */
let current: Settings | undefined;
export function settings(): Settings {
  current ??= readSettings();
  return current;
}
