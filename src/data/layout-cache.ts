import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { layoutGraph, type LayoutNode, type PlacedNode } from '../lib/graph-layout.ts';
import { hashJson } from '../lib/page-keys.ts';
import { settings } from '../settings.ts';
import { workerFile } from '../pipeline/worker-file.ts';

/** Below this many notes the map is laid out in the page's own thread: a thread costs more to start. */
const MIN_NODES_FOR_THREAD = 200;
/**
 * Above this many notes too (not measured above it). At 5,000 notes a layout in the page's thread
 * took 2 s of the page step; on a thread, the Astro step took 92.0 s instead of 95.3 s and its
 * process peaked at 1,048 MB instead of 1,010 MB, far below the build's own peak (one build each,
 * December 2026). When Astro's process also rendered the notes, a layout thread raised its peak at
 * 5,000 notes from 1.11 GB to 1.23 GB, and the limit was 2,500.
 */
const MAX_NODES_FOR_THREAD = 6000;

/**
 * Lays the map out on a worker thread. Astro renders four pages at a time on one thread, so while
 * the map page waits for its layout the other pages go on, and the layout runs on the core Astro
 * leaves idle (about 1 s of the page step at 1,000 notes). The same code on the same engine: the
 * same picture as in the page's thread.
 */
function layoutOnThread(
  nodes: readonly LayoutNode[],
  edges: readonly [string, string][],
  opts: Parameters<typeof layoutGraph>[2],
): Promise<PlacedNode[]> {
  // A layout needs little memory (the nodes, their links and a quadtree): a small heap keeps the
  // thread from adding much to the Astro step's peak.
  const worker = new Worker(workerFile(new URL('./layout-worker.ts', import.meta.url), 'src/data/layout-worker.ts'), {
    resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 },
  });
  return new Promise<PlacedNode[]>((done, fail) => {
    worker.once('message', done);
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the map layout thread stopped (exit code ${code})`)));
    worker.postMessage({ nodes, edges, opts });
  }).finally(() => worker.terminate());
}

/**
 * The site map's force layout, kept between builds. The map page has no key for the incremental
 * build (it shows every note), so it is rendered on every build, and laying out 1,000 notes takes
 * about 1 s (5,000 notes about 2 s). The layout is deterministic: the same notes, links, options,
 * layout code and installed packages give the same picture, so it is taken from the last build
 * when all of those are unchanged. A missing or unreadable file only means laying it out again.
 */
export async function cachedLayout(
  nodes: readonly LayoutNode[],
  edges: readonly [string, string][],
  opts: Parameters<typeof layoutGraph>[2],
): Promise<PlacedNode[]> {
  const file = join(resolve(settings().DLT_ASTRO_CACHE_DIR ?? '.astro/cache'), 'map-layout.json');
  let lockfile = '';
  try {
    lockfile = readFileSync('package-lock.json', 'utf8');
  } catch {
    // Not in a checkout: the layout code and inputs still key it.
  }
  const key = hashJson([layoutGraph.toString(), hashJson(lockfile), nodes, edges, opts]);
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string; placed: PlacedNode[] };
    if (kept.key === key) return kept.placed;
  } catch {
    // No layout kept yet, or a damaged file: lay it out.
  }
  const placed =
    nodes.length >= MIN_NODES_FOR_THREAD && nodes.length <= MAX_NODES_FOR_THREAD
      ? await layoutOnThread(nodes, edges, opts)
      : layoutGraph(nodes, edges, opts);
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify({ key, placed }));
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // Keeping it only saves time next build.
  }
  return placed;
}
