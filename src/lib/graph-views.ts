import { layoutGraph, radialLayout, undirectedEdges, wrapLabel, type PlacedNode } from './graph-layout.ts';

/**
 * What the two graph drawings show, computed from plain data so their templates only loop: the
 * site map (every note, every link) and the neighbourhood of one note (its links in and out).
 */

/** A note as the drawings need it. */
export interface GraphViewNote {
  slug: string;
  title: string;
  section: string;
  /** Slugs it links to. */
  links: readonly string[];
  /** Slugs that link to it. */
  backlinks: readonly string[];
}

/** A node ready to draw: where, which colour, how big, and its label lines with their baseline. */
export interface DrawnNode {
  id: string;
  title: string;
  x: number;
  y: number;
  group: number;
  r: number;
  current: boolean;
  label: { y: number; lines: string[] };
}

const groupOf = (sectionOrder: readonly string[]) => {
  const index = new Map(sectionOrder.map((s, i) => [s, i]));
  return (section: string) => index.get(section) ?? 0;
};

/**
 * The neighbourhood of `slug`: up to `max` notes it links to or is linked from, by section then
 * slug, around it. Labels are whole titles, wrapped (a cut label would not match the link's name),
 * above the node in the upper half and below it otherwise.
 */
export function neighbourhoodView(
  slug: string,
  notes: ReadonlyMap<string, GraphViewNote>,
  sectionOrder: readonly string[],
  max = 14,
) {
  const note = notes.get(slug);
  const group = groupOf(sectionOrder);
  const width = 640;
  // Room for three-line labels above the top node and below the bottom one.
  const height = 380;
  if (!note) return { width, height, title: '', nodes: [] as DrawnNode[] };
  const ids = [...new Set([...note.links, ...note.backlinks])]
    .filter((s) => s !== slug && notes.has(s))
    .sort((a, b) => group(notes.get(a)!.section) - group(notes.get(b)!.section) || a.localeCompare(b))
    .slice(0, max);
  const placed = radialLayout(
    { id: slug, group: group(note.section) },
    ids.map((s) => ({ id: s, group: group(notes.get(s)!.section) })),
    { width, height, radius: 220, radiusY: 130 },
  );
  const center = placed[0];
  const nodes: DrawnNode[] = placed.map((n, i) => {
    const lines = wrapLabel(notes.get(n.id)!.title, 26);
    const above = i !== 0 && n.y < center.y;
    const y = above ? n.y - 11 - (lines.length - 1) * 13 : n.y + (i === 0 ? 22 : 19);
    return {
      id: n.id,
      title: notes.get(n.id)!.title,
      x: n.x,
      y: n.y,
      group: n.group,
      r: i === 0 ? 9 : 6,
      current: i === 0,
      label: { y, lines },
    };
  });
  return { width, height, title: note.title, nodes: ids.length > 0 ? nodes : [] };
}

/**
 * The site map: every note laid out by force, every link once; node size grows with degree, and
 * labels (the title up to a colon, wrapped) are drawn only while there are few enough to read.
 */
export async function mapView(
  notes: readonly GraphViewNote[],
  sectionOrder: readonly string[],
  layout: (...args: Parameters<typeof layoutGraph>) => PlacedNode[] | Promise<PlacedNode[]> = layoutGraph,
) {
  const group = groupOf(sectionOrder);
  const edges = undirectedEdges(notes.flatMap((n) => n.links.map((l) => [n.slug, l] as [string, string])));
  const width = 1000;
  const height = Math.round(width * 0.72);
  const placed = await layout(
    notes.map((n) => ({ id: n.slug, group: group(n.section) })),
    edges,
    { width, height, margin: 60 },
  );
  const at = new Map(placed.map((n) => [n.id, n]));
  const degree = new Map<string, number>();
  for (const [a, b] of edges) for (const s of [a, b]) degree.set(s, (degree.get(s) ?? 0) + 1);
  const titles = new Map(notes.map((n) => [n.slug, n.title]));
  const showLabels = placed.length <= 200;
  const nodes: DrawnNode[] = placed.map((n) => {
    const title = titles.get(n.id) ?? n.id;
    const lines = showLabels ? wrapLabel(title.replace(/:.*$/, ''), 22) : [];
    return {
      id: n.id,
      title,
      x: n.x,
      y: n.y,
      group: n.group,
      r: 5 + Math.min(7, Math.sqrt(degree.get(n.id) ?? 0) * 1.4),
      current: false,
      label: { y: n.y - 12 - (lines.length - 1) * 12, lines },
    };
  });
  const lines = edges.map(([a, b]) => ({ x1: at.get(a)!.x, y1: at.get(a)!.y, x2: at.get(b)!.x, y2: at.get(b)!.y }));
  return { width, height, nodes, edges: lines, showLabels };
}
