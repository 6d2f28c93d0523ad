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

const result = await indexSite(site, { cacheDir });
await writeFile(resultFile, JSON.stringify(result));
finished = true;
