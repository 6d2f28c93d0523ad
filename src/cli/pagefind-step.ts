/**
 * The Pagefind step of `npm run build`, run in its own process group by src/cli/build.ts so that a
 * failed build can stop it, with Pagefind's own binary, before removing the staging folder.
 * Usage: node src/cli/pagefind-step.ts <site folder> <result file> [bundle cache folder]
 * Writes `{ pages, bundles, reused }` as JSON to the result file and exits 0 once the index is written.
 */
import { writeFile } from 'node:fs/promises';
import { indexSite } from './pagefind-index.ts';

const [site, resultFile, cacheDir] = process.argv.slice(2);
if (!site || !resultFile) {
  console.error('usage: node src/cli/pagefind-step.ts <site folder> <result file> [bundle cache folder]');
  process.exit(2);
}

// Pagefind's binary panics when the disk is full, and its Node API then never answers: the event
// loop empties with the index unfinished. That is a failure, not a success.
let finished = false;
process.on('beforeExit', () => {
  if (!finished) {
    console.error('Pagefind stopped without writing its index (its message, if any, is above).');
    process.exit(1);
  }
});

// Started by the build (with an IPC channel), the step writes its last bundle only when the build
// says so: once the file:// copy beside it is done (see indexAndCopy in build.ts).
let mayWrite: (() => Promise<void>) | undefined;
if (process.send) {
  // Past the wait, the channel must not keep the step alive: a Pagefind that dies while it writes
  // leaves nothing else running, and the step must then exit (above), not wait.
  const told = new Promise<void>((resolve) =>
    process.once('message', () => {
      process.channel?.unref();
      resolve();
    }),
  );
  process.send('listening');
  mayWrite = () => told;
}
const result = await indexSite(site, { cacheDir, beforeLastWrite: mayWrite });
process.disconnect?.();
await writeFile(resultFile, JSON.stringify(result));
finished = true;
