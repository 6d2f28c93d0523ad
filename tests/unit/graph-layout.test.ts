import { describe, expect, it } from 'vitest';
import { layoutGraph, radialLayout, undirectedEdges, wrapLabel, type LayoutNode } from '../../src/lib/graph-layout.ts';

describe('undirectedEdges', () => {
  it.each([
    [[['a', 'b']], [['a', 'b']]],
    [[['b', 'a']], [['a', 'b']]],
    [
      [
        ['a', 'b'],
        ['b', 'a'],
        ['a', 'b'],
      ],
      [['a', 'b']],
    ],
    [[['a', 'a']], []],
    [
      [
        ['c', 'b'],
        ['a', 'c'],
      ],
      [
        ['b', 'c'],
        ['a', 'c'],
      ],
    ],
    [[], []],
  ] as [string, string][][][])('turns %j into %j', (links, expected) => {
    expect(undirectedEdges(links)).toEqual(expected);
  });
});

describe('layoutGraph', () => {
  const nodes: LayoutNode[] = Array.from({ length: 12 }, (_, i) => ({ id: `n${i}`, group: i % 3 }));
  const edges = undirectedEdges(nodes.map((n, i) => [n.id, nodes[(i + 1) % nodes.length].id] as [string, string]));
  const box = { width: 600, height: 400, margin: 20, ticks: 100 };

  it('places every node once, keeping ids and groups', () => {
    const placed = layoutGraph(nodes, edges, box);
    expect(placed.map((p) => [p.id, p.group])).toEqual(nodes.map((n) => [n.id, n.group]));
  });

  it('keeps every node inside the box, margins included', () => {
    for (const p of layoutGraph(nodes, edges, box)) {
      expect(p.x).toBeGreaterThanOrEqual(box.margin);
      expect(p.x).toBeLessThanOrEqual(box.width - box.margin);
      expect(p.y).toBeGreaterThanOrEqual(box.margin);
      expect(p.y).toBeLessThanOrEqual(box.height - box.margin);
    }
  });

  it('fills the box (the layout is scaled to the margins)', () => {
    const placed = layoutGraph(nodes, edges, box);
    expect(Math.min(...placed.map((p) => p.x))).toBe(box.margin);
    expect(Math.max(...placed.map((p) => p.x))).toBe(box.width - box.margin);
  });

  it('gives the same picture on every build', () => {
    expect(layoutGraph(nodes, edges, box)).toEqual(layoutGraph(nodes, edges, box));
  });

  it('rounds coordinates to one decimal', () => {
    expect(layoutGraph(nodes, edges, box).every((p) => Number.isInteger(p.x * 10) && Number.isInteger(p.y * 10))).toBe(
      true,
    );
  });

  it('ignores edges to unknown nodes', () => {
    expect(() => layoutGraph(nodes, [...edges, ['n0', 'ghost']], box)).not.toThrow();
  });

  it.each([
    ['no nodes', [], 0],
    ['one node', [{ id: 'a', group: 0 }], 1],
  ])('copes with %s', (_name, list, count) => {
    const placed = layoutGraph(list, [], box);
    expect(placed).toHaveLength(count);
    expect(placed.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  });
});

describe('radialLayout', () => {
  const opts = { width: 200, height: 200, radius: 50 };
  const n = (id: string): LayoutNode => ({ id, group: 0 });

  it('puts the note in the centre and its neighbours clockwise from the top', () => {
    expect(radialLayout(n('c'), [n('a'), n('b'), n('d'), n('e')], opts).map((p) => [p.id, p.x, p.y])).toEqual([
      ['c', 100, 100],
      ['a', 100, 60],
      ['b', 150, 100],
      ['d', 100, 140],
      ['e', 50, 100],
    ]);
  });

  it('places a lone note in the centre', () => {
    expect(radialLayout(n('c'), [], opts)).toEqual([{ id: 'c', group: 0, x: 100, y: 100 }]);
  });

  it('squashes the circle vertically to 80% of the radius', () => {
    const [, top] = radialLayout(n('c'), [n('a')], opts);
    expect(top.y).toBe(100 - 0.8 * 50);
  });
});

describe('wrapLabel', () => {
  it.each([
    ['Neural tangent kernel', 24, ['Neural tangent kernel']],
    [
      'Saddle points and the Polyak–Łojasiewicz condition',
      24,
      ['Saddle points and the', 'Polyak–Łojasiewicz', 'condition'],
    ],
    ['Supercalifragilisticexpialidocious words', 10, ['Supercalifragilisticexpialidocious', 'words']],
    ['  spaced   out  ', 24, ['spaced out']],
  ])('wraps %j at %i characters into whole words', (text, width, lines) => {
    expect(wrapLabel(text, width)).toEqual(lines);
  });
});
