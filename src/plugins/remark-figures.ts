import type { Element } from 'hast';
import type { Image, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { SKIP, visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { didYouMean } from '../lib/problems.ts';
import { noteData, report, startOf } from './note-file.ts';

export interface FigureOptions {
  /**
   * figure file name (`implicit-model.svg`) → parsed <svg> element, already checked for safety, or
   * an <img> for a raster figure (`loss-curve.png`), or null for a figure that was refused (its own
   * problems are reported on the figure file).
   */
  figures: ReadonlyMap<string, Element | null>;
}

/**
 * Places figures from `content/figures/` where a note writes `![alt](../figures/name.svg)`. SVG is
 * inlined, so diagrams inherit the page's colours (`currentColor`) and follow the light or dark
 * theme; a raster figure (PNG, JPEG, GIF, WebP, AVIF) is an <img> of the published file, with its
 * size so the page does not jump as it loads. Any other image is reported: the site makes no
 * request outside its own origin.
 */
export default function remarkFigures(options: FigureOptions) {
  const { figures } = options;
  return (tree: Root, file: VFile) => {
    const data = noteData(file);
    visit(tree, 'image', (node: Image, index, parent) => {
      const name = /(?:^|\/)figures\/([^/?#]+\.(?:svg|png|jpe?g|gif|webp|avif))$/i.exec(node.url)?.[1];
      const svg = name ? figures.get(name) : undefined;
      if (name) data.deps.figures.push(name);
      if (name && figures.get(name) === null) return;
      if (!svg) {
        const message = name
          ? `figure "${name}" is not in content/figures/.${didYouMean(name, figures.keys())}`
          : `image "${node.url}" is not supported: ` +
            'put the image (SVG, PNG, JPEG, GIF, WebP or AVIF) in content/figures/ ' +
            'and write ![description](../figures/name.svg)';
        report(file, startOf(node), message, 'broken-image');
        return;
      }
      if (!node.alt) {
        report(
          file,
          startOf(node),
          `figure "${name}" has no description: write ![what the figure shows](../figures/${name})`,
          'figure-alt',
        );
      }
      const clone = structuredClone(svg);
      clone.properties =
        clone.tagName === 'img'
          ? { ...clone.properties, alt: node.alt || name }
          : { ...clone.properties, role: 'img', ariaLabel: node.alt || name };
      const figure = {
        type: 'figure',
        data: { hName: 'figure', hProperties: { className: ['figure'] }, hChildren: [clone] },
        children: [],
      };
      // A figure alone in its paragraph replaces the paragraph (a <figure> may not sit inside <p>).
      if (parent && parent.type === 'paragraph' && parent.children.length === 1) {
        Object.assign(parent as Paragraph, figure);
      } else if (parent && typeof index === 'number') {
        parent.children.splice(index, 1, figure as unknown as Image);
      }
    });
    // A figure written inside a sentence splits its paragraph around it, for the same reason.
    visit(tree, 'paragraph', (node: Paragraph, index, parent) => {
      if (!parent || typeof index !== 'number' || !node.children.some(isFigure)) return;
      const parts: RootContent[] = [];
      let run: PhrasingContent[] = [];
      const flush = () => {
        trimRun(run);
        if (run.length > 0) parts.push({ type: 'paragraph', children: run });
        run = [];
      };
      for (const child of node.children) {
        if (isFigure(child)) {
          flush();
          parts.push(child as unknown as RootContent);
        } else run.push(child);
      }
      flush();
      parent.children.splice(index, 1, ...(parts as Paragraph[]));
      return [SKIP, index + parts.length];
    });
  };
}

function isFigure(node: { type: string }): boolean {
  return node.type === 'figure';
}

/** Drops the spaces left at the edges of a paragraph cut around a figure. */
function trimRun(run: PhrasingContent[]): void {
  const first = run[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = run[run.length - 1];
  if (last?.type === 'text') last.value = last.value.trimEnd();
  if (first?.type === 'text' && first.value === '') run.shift();
  const end = run[run.length - 1];
  if (end?.type === 'text' && end.value === '') run.pop();
}
