import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { layoutGraph, type LayoutNode, type PlacedNode } from '../lib/graph-layout.ts';
import { hashJson } from '../lib/page-keys.ts';
import { settings } from '../settings.ts';

/**
 * The site map's force layout, kept between builds. The map page has no key for the incremental
 * build (it shows every note), so it is rendered on every build, and laying out 1,000 notes takes
 * about 1 s (5,000 notes about 2 s). The layout is deterministic: the same notes, links, options,
 * layout code and installed packages give the same picture, so it is taken from the last build
 * when all of those are unchanged. A missing or unreadable file only means laying it out again.
 */
export function cachedLayout(
  nodes: readonly LayoutNode[],
  edges: readonly [string, string][],
  opts: Parameters<typeof layoutGraph>[2],
): PlacedNode[] {
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
  const placed = layoutGraph(nodes, edges, opts);
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify({ key, placed }));
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // Keeping it only saves time next build.
  }
  return placed;
}
