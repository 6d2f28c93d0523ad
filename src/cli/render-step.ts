/**
 * The render step of `npm run build` (see src/pipeline/render-step.ts): reads, checks and renders
 * every note into the render cache, prints the content's problems, and exits 1 if any is an error.
 * Astro's loader then loads the corpus from that cache. Usage: node src/cli/render-step.ts
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { contentErrorMessage, hasErrors, problemListing } from '../lib/problems.ts';
import { loadCorpus } from '../pipeline/load-corpus.ts';
import { renderingInOwnProcess } from '../pipeline/render-pool.ts';
import type { RenderStepFailure } from '../pipeline/render-step.ts';
import { readSettings } from '../settings.ts';

let config;
try {
  config = readSettings();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
/** Ends the step with the build's error message: sent to the Astro step that started it, or printed. */
async function fail(message: string): Promise<never> {
  const failure: RenderStepFailure = { message };
  if (process.send) await new Promise((resolve) => process.send?.(failure, resolve));
  else console.error(message);
  process.exit(1);
}

renderingInOwnProcess();
// A file system error (a full disk, a cache folder that cannot be written) names its file and is
// the author's to fix; anything else is a bug, reported with its stack.
const corpus = await loadCorpus({ root: pathToFileURL(`${config.contentRoot}/`), base: config.DLT_BASE }).catch(
  (error: NodeJS.ErrnoException) =>
    fail(error.code ? `The notes could not be rendered: ${error.message}.` : (error.stack ?? error.message)),
);
const listing = problemListing(corpus.problems);
if (listing) console.error(listing);
if (config.DLT_TIMINGS) writeFileSync(`${config.DLT_TIMINGS}.corpus.json`, JSON.stringify(corpus.stats));
if (hasErrors(corpus.problems)) await fail(contentErrorMessage(corpus.problems));
if (!config.DLT_QUIET) {
  const { notes, rendered, reused, totalMs } = corpus.stats;
  console.log(
    `[render] ${notes} notes (${rendered} rendered, ${reused} reused) and ${corpus.papers.length} papers ` +
      `in ${Math.round(totalMs)} ms`,
  );
}
// The IPC channel would keep this process alive.
process.disconnect?.();
