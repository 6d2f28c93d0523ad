/**
 * `npm run check:content [-- --json] [-- --root <dir>]`: checks everything under content/ without
 * building the site (frontmatter, links and heading anchors, citations, BibTeX, every formula,
 * duplicate slugs/titles/aliases, orphans, tags), prints every problem as
 * `path:line:col  message  [rule]`, then a summary, and exits 1 if there is any error.
 * The site build runs the same checks (the same `loadCorpus`) and fails on the same errors.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { checkReport, hasErrors, summarizeProblems } from '../lib/problems.ts';
import { loadCorpus } from '../pipeline/load-corpus.ts';
import { readSettings } from '../settings.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const rootArg = args.indexOf('--root');
let config;
try {
  config = readSettings();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
// --root, else DLT_CONTENT_ROOT (as the build reads it), else the project.
const root = pathToFileURL(`${rootArg >= 0 ? resolve(args[rootArg + 1]) : config.contentRoot}/`);

const corpus = await loadCorpus({ root, base: config.DLT_BASE });
const { problems } = corpus;
if (json) {
  process.stdout.write(
    `${JSON.stringify({ problems, summary: summarizeProblems(problems), stats: corpus.stats }, null, 2)}\n`,
  );
} else {
  const checked = { notes: corpus.stats.notes, papers: corpus.papers.length, totalMs: corpus.stats.totalMs };
  process.stdout.write(checkReport(problems, checked));
}
process.exitCode = hasErrors(problems) ? 1 : 0;
