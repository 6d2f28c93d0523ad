/**
 * The Astro step of `npm run build`, run in its own process by src/cli/build.ts: when it exits,
 * the memory of Vite and Astro goes back to the system before Pagefind and the offline files run
 * (measured: the build's peak memory is the largest of the steps, not their sum). The notes render
 * in a process it starts (src/pipeline/render-step.ts), which Astro's loader waits for.
 * Usage: node src/cli/astro-build.ts <outDir>
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isContentError } from '../lib/problems.ts';
import { defaultCacheDir } from '../pipeline/render-cache.ts';
import { rendersLargeCorpus, startRenderStep } from '../pipeline/render-step.ts';
import { settings } from '../settings.ts';
import type { AstroStepMessage } from './build-steps.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
const root = resolve(import.meta.dirname, '../..');
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node src/cli/astro-build.ts <outDir>');
  process.exit(2);
}
process.env.DLT_OUT_DIR = outDir;
process.env.ASTRO_KEY ||= buildKey(resolve(root, settings().DLT_ASTRO_CACHE_DIR ?? '.astro/cache', 'astro-key'));

/**
 * Astro makes a new random key each build (it encrypts server-island props; the site has none) and
 * writes it into a module every page depends on, so no page would ever be reused by the incremental
 * build. One key per checkout, kept with Astro's cache, keeps page dependency hashes stable.
 */
function buildKey(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key);
  return key;
}
// The notes render in a process of their own while Astro starts (see src/pipeline/render-step.ts).
// When it is done, the build is told (it starts preparing the search index then, see SearchStep).
const rendered = startRenderStep().then(
  () => process.send?.({ kind: 'rendered' } satisfies AstroStepMessage),
  () => {}, // reported by the loader
);
// Rendering most of a large corpus, the step's threads take most of the build's memory: Astro then
// starts once they are gone (see LARGE_CORPUS).
const { contentRoot, DLT_BASE } = settings();
if (
  await rendersLargeCorpus(
    join(contentRoot, 'content/notes'),
    defaultCacheDir(pathToFileURL(`${contentRoot}/`), DLT_BASE),
  )
)
  await rendered;
try {
  // Astro is loaded after the render process has started (loading it takes about 0.5 s, which the
  // loader would otherwise wait for on top of the render).
  const { build } = await import('astro');
  await build({ root, outDir, logLevel: settings().DLT_QUIET ? 'warn' : 'info' });
  if (settings().DLT_MEMORY)
    console.log(`[memory] Astro process: peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  process.disconnect?.();
} catch (error) {
  const e = error as Error;
  // Content errors are already listed above by the loader; repeat only the summary.
  console.error(isContentError(e) ? e.message : (e.stack ?? e.message));
  process.exit(1);
}
