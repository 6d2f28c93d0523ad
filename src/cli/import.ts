/**
 * `npm run import -- <folder> [--dry-run] [--force] [--section <id>]`
 * Brings a folder of Markdown notes (Jekyll, Obsidian, Quartz or plain) into content/notes/ of the
 * content root (DLT_CONTENT_ROOT, as check:content reads it): frontmatter made valid, links,
 * images, math and citations converted, every change and everything not converted reported as
 * `path:line:col  message  [rule]`; then the content checks run on the result.
 * Exit codes: 0 imported and the checks pass; 1 the checks fail (the notes stay written, to be
 * fixed); 2 nothing imported (no folder, not a folder, an unknown option, or a note to overwrite).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { planImport, type ImportPlan } from '../lib/import/plan.ts';
import { formatEntry, sortEntries, summarizeImport, type ImportEntry } from '../lib/import/report.ts';
import { didYouMean, formatProblem, hasErrors, summarizeProblems, type Problem } from '../lib/problems.ts';
import { loadCorpus } from '../pipeline/load-corpus.ts';
import { defaultCacheDir } from '../pipeline/render-cache.ts';
import { readSettings } from '../settings.ts';
import { readFolder, readSite, SiteUnreadable, writePlan } from './import-files.ts';

const usage = 'usage: npm run import -- <folder> [--dry-run] [--force] [--section <id>]';

function fail(message: string): never {
  console.error(`npm run import: ${message}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { folder: string; dryRun: boolean; force: boolean; section?: string } {
  const args = [...argv];
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    if (i >= 0) args.splice(i, 1);
    return i >= 0;
  };
  const dryRun = flag('dry-run');
  const force = flag('force');
  const s = args.indexOf('--section');
  const section = s >= 0 ? args.splice(s, 2)[1] : undefined;
  if (s >= 0 && !section) fail(`--section needs a section id. ${usage}`);
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) fail(`unknown option ${unknown}. ${usage}`);
  if (args.length === 0) fail(`give the folder to import, e.g. npm run import -- ~/notes. ${usage}`);
  if (args.length > 1)
    fail(`give one folder (got ${args.map((a) => `"${a}"`).join(', ')}); quote a path with spaces. ${usage}`);
  return { folder: args[0], dryRun, force, section };
}

/** The report's name for a folder: as typed, relative to here when it is inside. */
function labelOf(dir: string, typed: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : typed.replace(/\/+$/, '');
}

/** Prints the checks' problems, then which imported notes fail and why. */
function printChecks(problems: readonly Problem[], plan: ImportPlan, label: string): void {
  console.log('\nChecking the result as npm run check:content does:');
  for (const p of problems) console.log(formatProblem(p));
  for (const n of plan.notes) {
    const file = `content/notes/${n.slug}.md`;
    const errors = problems.filter((p) => p.file === file && p.severity === 'error');
    if (errors.length === 0) continue;
    const rules = [...new Set(errors.map((e) => e.rule))].join(', ');
    console.log(
      `${file}, imported from ${label}/${n.source}, fails the checks: ` +
        `${errors.length} error${errors.length === 1 ? '' : 's'} (${rules}); ` +
        'fix the note, then run npm run check:content',
    );
  }
  console.log(`${summarizeProblems(problems)}`);
}

/** Writes the plan into a copy of the content folder and checks that copy; nothing real is touched. */
async function dryRunChecks(root: string, folderDir: string, plan: ImportPlan, base: string): Promise<Problem[]> {
  const copy = mkdtempSync(join(tmpdir(), 'dlt-import-'));
  try {
    cpSync(join(root, 'content'), join(copy, 'content'), { recursive: true });
    await writePlan(copy, folderDir, plan);
    return (
      await loadCorpus({
        root: pathToFileURL(`${copy}/`),
        base,
        cacheDir: defaultCacheDir(pathToFileURL(`${root}/`), base),
      })
    ).problems;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const folderDir = resolve(options.folder);
  if (!existsSync(folderDir)) fail(`"${options.folder}" does not exist; give the folder of notes to import`);
  if (!statSync(folderDir).isDirectory())
    fail(`"${options.folder}" is not a folder; give the folder that holds the notes (it is read recursively)`);
  let config;
  try {
    config = readSettings();
  } catch (error) {
    fail((error as Error).message);
  }
  const root = config.contentRoot;
  const site = await readSite(root).catch((e: unknown) =>
    e instanceof SiteUnreadable ? fail(`the content in ${root} cannot be read:\n${e.message}`) : Promise.reject(e),
  );
  const sectionIds = site.sections.map((s) => s.id);
  if (options.section && !sectionIds.includes(options.section))
    fail(
      `unknown section "${options.section}".${didYouMean(options.section, sectionIds)} ` +
        `Sections: ${sectionIds.join(', ')}`,
    );
  const label = labelOf(folderDir, options.folder);
  const { folder, entries: skipped } = await readFolder(folderDir, label);
  if (folder.files.length === 0) fail(`"${options.folder}" has no Markdown notes (*.md or *.markdown) to import`);
  const plan = planImport(folder, site, { force: options.force, section: options.section });
  if (plan.refused.length > 0) {
    const list = plan.refused
      .map((r) => `  ${label}/${r.source} would replace content/notes/${r.slug}.md (same slug and title)`)
      .join('\n');
    fail(
      `nothing was imported: these notes are already in ${join(root, 'content/notes')} (imported before?):\n${list}\n` +
        'Remove or rename those notes, or run again with --force to replace them.',
    );
  }
  const entries: ImportEntry[] = sortEntries([...skipped, ...plan.entries]);
  if (options.dryRun) console.log('Dry run: nothing is written.\n');
  for (const e of entries) console.log(formatEntry(e));
  const copies = plan.figures.filter((f) => f.copy).length;
  console.log(
    `\n${summarizeImport({
      notes: plan.notes.length,
      figures: copies,
      look: entries.filter((e) => e.look).length,
      dryRun: options.dryRun,
    })}`,
  );
  let problems: Problem[];
  if (options.dryRun) problems = await dryRunChecks(root, folderDir, plan, config.DLT_BASE);
  else {
    await writePlan(root, folderDir, plan);
    problems = (await loadCorpus({ root: pathToFileURL(`${root}/`), base: config.DLT_BASE })).problems;
  }
  printChecks(problems, plan, label);
  process.exitCode = hasErrors(problems) ? 1 : 0;
}

await main();
