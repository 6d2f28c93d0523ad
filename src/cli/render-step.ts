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
renderingInOwnProcess();
const corpus = await loadCorpus({ root: pathToFileURL(`${config.contentRoot}/`), base: config.DLT_BASE });
const listing = problemListing(corpus.problems);
if (listing) console.error(listing);
if (config.DLT_TIMINGS) writeFileSync(`${config.DLT_TIMINGS}.corpus.json`, JSON.stringify(corpus.stats));
if (hasErrors(corpus.problems)) {
  const failure: RenderStepFailure = { contentError: contentErrorMessage(corpus.problems) };
  // Started by the Astro step: it reports the message as the build's error. Run by hand: print it.
  if (process.send) await new Promise((resolve) => process.send?.(failure, resolve));
  else console.error(failure.contentError);
  process.exit(1);
}
if (!config.DLT_QUIET) {
  const { notes, rendered, reused, totalMs } = corpus.stats;
  console.log(
    `[render] ${notes} notes (${rendered} rendered, ${reused} reused) and ${corpus.papers.length} papers ` +
      `in ${Math.round(totalMs)} ms`,
  );
}
// The IPC channel would keep this process alive.
process.disconnect?.();
