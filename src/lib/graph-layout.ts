import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationNodeDatum,
} from 'd3-force';

/** A node to place, with its group (section index) for colour. */
export interface LayoutNode {
  id: string;
  group: number;
}

export interface PlacedNode extends LayoutNode {
  x: number;
  y: number;
}

/** Undirected, deduplicated edges from directed links; self-links dropped. */
export function undirectedEdges(links: Iterable<[string, string]>): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const [a, b] of links) {
    if (a === b) continue;
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a < b ? [a, b] : [b, a]);
  }
  return out;
}

/**
 * Lays the whole graph out at build time with a force simulation (Barnes–Hut, so each tick is
 * n log n), run for a fixed number of ticks: deterministic, and the picture needs no script.
 * Coordinates are scaled into a `width` × `height` box with `margin` on every side.
 */
export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly [string, string][],
  opts: { width: number; height: number; margin: number; ticks?: number },
): PlacedNode[] {
  type Sim = LayoutNode & SimulationNodeDatum;
  const sim: Sim[] = nodes.map((n) => ({ ...n }));
  const ids = new Set(nodes.map((n) => n.id));
  const links = edges.filter(([a, b]) => ids.has(a) && ids.has(b)).map(([source, target]) => ({ source, target }));
  const groups = Math.max(1, ...nodes.map((n) => n.group + 1));
  // Pull each section towards its own point on a circle so sections read as regions.
  const anchor = (g: number) => ({
    x: Math.cos((2 * Math.PI * g) / groups) * 120,
    y: Math.sin((2 * Math.PI * g) / groups) * 120,
  });
  // Each tick is n log n; large graphs get fewer ticks (cooling faster), so the map of 5,000 notes
  // takes about 2 s instead of 11 s and a fraction of the memory (measured).
  const ticks = opts.ticks ?? (nodes.length <= 500 ? 300 : Math.max(60, Math.round((300 * 500) / nodes.length)));
  const simulation = forceSimulation(sim)
    .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
    .force(
      'link',
      forceLink<Sim, { source: string; target: string }>(links)
        .id((d) => d.id)
        .distance(60)
        .strength(0.3),
    )
    .force('charge', forceManyBody().strength(-120).theta(0.9))
    // Collision keeps labelled nodes apart; big maps show no labels, and the extra quadtree per tick costs memory.
    .force('collide', nodes.length <= 1000 ? forceCollide(14) : null)
    .force('x', forceX<Sim>((d) => anchor(d.group).x).strength(0.06))
    .force('y', forceY<Sim>((d) => anchor(d.group).y).strength(0.06))
    .stop();
  simulation.tick(ticks);
  const xs = sim.map((n) => n.x ?? 0);
  const ys = sim.map((n) => n.y ?? 0);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (opts.width - 2 * opts.margin) / Math.max(1, maxX - minX);
  const sy = (opts.height - 2 * opts.margin) / Math.max(1, maxY - minY);
  return sim.map((n) => ({
    id: n.id,
    group: n.group,
    x: Math.round((opts.margin + ((n.x ?? 0) - minX) * sx) * 10) / 10,
    y: Math.round((opts.margin + ((n.y ?? 0) - minY) * sy) * 10) / 10,
  }));
}

/**
 * A note and its direct neighbours on an ellipse around it (vertical radius `radiusY`, by default
 * 80% of `radius`): a small map that needs no simulation.
 * Neighbours keep the order given (callers sort them), starting at the top and going clockwise.
 */
export function radialLayout(
  center: LayoutNode,
  neighbours: readonly LayoutNode[],
  opts: { width: number; height: number; radius: number; radiusY?: number },
): PlacedNode[] {
  const cx = opts.width / 2;
  const cy = opts.height / 2;
  const placed: PlacedNode[] = [{ ...center, x: cx, y: cy }];
  neighbours.forEach((n, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, neighbours.length);
    placed.push({
      ...n,
      x: Math.round((cx + Math.cos(angle) * opts.radius) * 10) / 10,
      y: Math.round((cy + Math.sin(angle) * (opts.radiusY ?? opts.radius * 0.8)) * 10) / 10,
    });
  });
  return placed;
}

/**
 * Splits a label into lines of at most `width` characters at spaces, so node labels are shown
 * whole (a truncated label would no longer match the link's accessible name).
 */
export function wrapLabel(text: string, width = 24): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
