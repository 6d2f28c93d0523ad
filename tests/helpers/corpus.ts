import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkReport, type Problem } from '../../src/lib/problems.ts';
import { loadCorpus } from '../../src/pipeline/load-corpus.ts';

/**
 * Small content folders for checker tests: a clean baseline corpus, written with changes into a
 * temporary folder, and the checker run on it in process or through the real CLI.
 */

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(projectRoot, 'src/cli/check-content.ts');

/** Frontmatter lines from an object, values written as YAML flow scalars or lists. */
export function note(fields: Record<string, string | string[]>, body: string): string {
  const yaml = Object.entries(fields)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`)
    .join('\n');
  return `---\n${yaml}\n---\n\n${body}\n`;
}

export const entry = (key: string, title: string, author: string, year: number, id: string) =>
  `@article{${key},\n  title = {${title}},\n  author = {${author}},\n  journal = {NeurIPS},\n  year = {${year}},\n  ${id},\n  keywords = {optimization},\n}\n`;

/** A clean corpus: two notes that link to each other, cite both papers and use the one figure. */
export const baseline: Record<string, string> = {
  'content/sections.yml':
    '- id: theory\n  title: Theory\n  description: Why networks train.\n- id: empirical\n  title: Empirical\n  description: What experiments show.\n',
  'content/tags.yml':
    '- id: optimization\n  title: Optimization\n  description: Training algorithms.\n- id: generalization\n  title: Generalization\n  description: Test error.\n',
  'content/references.bib': `${entry('jacot2018neural', 'Neural Tangent Kernel', 'Jacot, Arthur and Gabriel, Franck and Hongler, Clément', 2018, 'eprint = {1806.07572}')}\n${entry('neal1996bayesian', 'Bayesian Learning for Neural Networks', 'Neal, Radford M.', 1996, 'doi = {10.1007/978-1-4612-0745-0}')}`,
  'content/figures/diagram.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n',
  'content/notes/alpha.md': note(
    { title: 'Alpha', summary: 'The first note.', section: 'theory', tags: ['optimization'], aliases: ['First note'] },
    'Alpha links to [[beta]] and cites [@jacot2018neural].\n\n## Setup\n\nWith $x \\in \\R^n$.\n\n![A square](../figures/diagram.svg)',
  ),
  'content/notes/beta.md': note(
    { title: 'Beta', summary: 'The second note.', section: 'empirical', tags: ['generalization'] },
    'Beta builds on the [[alpha#Setup|setup]], as @neal1996bayesian did.',
  ),
};

const made: string[] = [];
/** Removes every folder `corpus` made (call from afterAll). */
export async function removeCorpora(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Writes the baseline with `changes` applied (`null` deletes a file) into a fresh temporary folder. */
export async function corpus(changes: Record<string, string | Buffer | null> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-check-'));
  made.push(dir);
  const files: Record<string, string | Buffer | null> = { ...baseline, ...changes };
  for (const [path, content] of Object.entries(files)) {
    if (content === null) continue;
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI with the Node running the tests (Node 24 under `npx vitest`). */
export function runCli(dir: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, '--root', dir, ...args],
      { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function problemsOf(dir: string): Promise<Problem[]> {
  return (await loadCorpus({ root: pathToFileURL(`${dir}/`), base: '/' })).problems;
}

/** The printed report with the timing made stable. */
export const stable = (stdout: string) => stdout.replace(/ in \d+\.\d s\.$/m, ' in <time> s.');

/**
 * What the checker tells the author about `dir`, computed in process: `loadCorpus`, printed the way
 * `npm run check:content` prints it (`checkReport`), with the timing made stable. Spawning the CLI
 * for every case cost a Node start each; the tests under "the command line" run the real CLI and
 * check it prints exactly this.
 */
export async function report(dir: string): Promise<string> {
  const corpus = await loadCorpus({ root: pathToFileURL(`${dir}/`), base: '/' });
  const checked = { notes: corpus.stats.notes, papers: corpus.papers.length, totalMs: corpus.stats.totalMs };
  return stable(checkReport(corpus.problems, checked));
}
