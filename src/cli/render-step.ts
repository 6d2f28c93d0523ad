/**
 * The render step of `npm run build` (see src/pipeline/render-step.ts): reads, checks and renders
 * every note into the render cache, prints the content's problems, and exits 1 if any is an error.
 * Otherwise it sends the corpus to the Astro step, whose loader uses it as it is (the notes' bodies
 * are in the cache). Usage: node src/cli/render-step.ts
 */
import { writeFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { contentErrorMessage, hasErrors, problemListing } from '../lib/problems.ts';
import { loadCorpus } from '../pipeline/load-corpus.ts';
import { renderingInOwnProcess } from '../pipeline/render-pool.ts';
import type { LoadedCorpusMessage, RenderStepFailure } from '../pipeline/render-step.ts';
import { readSettings } from '../settings.ts';

let config;
try {
  config = readSettings();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
/** Sends a message to the Astro step that started this one; resolves once it is sent. */
const send = (message: RenderStepFailure | LoadedCorpusMessage) =>
  new Promise((resolve) => process.send?.(message, resolve));

/** Ends the step with the build's error message: sent to the Astro step that started it, or printed. */
async function fail(message: string): Promise<never> {
  if (process.send) await send({ kind: 'failed', message });
  else console.error(message);
  process.exit(1);
}

renderingInOwnProcess();
// A file system error (a full disk, a cache folder that cannot be written) names its file and is
// the author's to fix; anything else is a bug, reported with its stack.
const root = pathToFileURL(`${config.contentRoot}/`);
const corpus = await loadCorpus({ root, base: config.DLT_BASE }).catch((error: NodeJS.ErrnoException) =>
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
// Astro's loader takes the corpus as loaded here instead of loading it again.
if (process.send) await send({ kind: 'loaded', root: root.href, base: config.DLT_BASE, corpus: serialize(corpus) });
// The IPC channel would keep this process alive.
process.disconnect?.();
