import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The cache folder is read from the settings on first use, so it is set before the module loads.
const dir = mkdtempSync(join(tmpdir(), 'dlt-layout-'));
const before = process.env.DLT_ASTRO_CACHE_DIR;
process.env.DLT_ASTRO_CACHE_DIR = dir;
const { cachedLayout } = await import('../../src/data/layout-cache.ts');
const { layoutGraph } = await import('../../src/lib/graph-layout.ts');
afterAll(() => {
  if (before === undefined) delete process.env.DLT_ASTRO_CACHE_DIR;
  else process.env.DLT_ASTRO_CACHE_DIR = before;
  rmSync(dir, { recursive: true, force: true });
});

const nodes = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}`, group: i % 3 }));
const edges = nodes.slice(1).map((n, i) => [nodes[i].id, n.id] as [string, string]);
const opts = { width: 400, height: 300, margin: 20 };
const file = join(dir, 'map-layout.json');

describe('the site map layout kept between builds', () => {
  it('is the force layout itself, kept after the first build and taken from there by the next', async () => {
    const first = await cachedLayout(nodes, edges, opts);
    expect(first).toEqual(layoutGraph(nodes, edges, opts));
    // What the next build finds is used as it is (here marked so that a fresh layout would differ).
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string; placed: { x: number }[] };
    kept.placed[0].x = -1;
    writeFileSync(file, JSON.stringify(kept));
    expect((await cachedLayout(nodes, edges, opts))[0].x).toBe(-1);
  });

  it('lays the graph out again when a link, a note or the size changed, or the kept file is damaged', async () => {
    const more = [...edges, ['n0', 'n29'] as [string, string]];
    expect(await cachedLayout(nodes, more, opts)).toEqual(layoutGraph(nodes, more, opts));
    const fewer = nodes.slice(1);
    expect(await cachedLayout(fewer, edges, opts)).toEqual(layoutGraph(fewer, edges, opts));
    const wider = { ...opts, width: 500 };
    expect(await cachedLayout(nodes, edges, wider)).toEqual(layoutGraph(nodes, edges, wider));
    writeFileSync(file, '{"key": "trunc');
    expect(await cachedLayout(nodes, edges, opts)).toEqual(layoutGraph(nodes, edges, opts));
  });

  it('lays a large map out on a thread of its own, to the same picture', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ id: `m${i}`, group: i % 4 }));
    const links = many.slice(1).map((n, i) => [many[Math.floor(i / 2)].id, n.id] as [string, string]);
    expect(await cachedLayout(many, links, opts)).toEqual(layoutGraph(many, links, opts));
  });
});
