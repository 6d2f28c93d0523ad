/**
 * Names for the images an import copies into `content/figures/`: the file name made safe for a
 * URL (lowercase ASCII letters, digits and dashes), a number added when another image already has
 * it. An image identical to a figure already there is not copied again.
 */

import { ANY_FIGURE } from '../raster-figures.ts';

/** True for an image type the site shows as a figure (the same list content/figures/ is read with). */
export const isFigureFile = (path: string) => ANY_FIGURE.test(path);

/** Those types, for messages. */
export const FIGURE_TYPES_TEXT = 'SVG, PNG, JPEG, GIF, WebP or AVIF';

/** The extension of a path, lowercased (`img/X.PNG` → `png`). */
export function extensionOf(path: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(path)?.[1].toLowerCase() ?? '';
}

/** `img/Loss Curve (final).PNG` → `loss-curve-final.png`. */
export function figureFileName(path: string): string {
  const name = path.split('/').pop() ?? path;
  const ext = extensionOf(name);
  const stem = (ext ? name.slice(0, -(ext.length + 1)) : name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'figure'}${ext ? `.${ext}` : ''}`;
}

/** One image to copy: from a path of the folder to a name in content/figures/ (`copy` false: already there). */
export interface FigureCopy {
  source: string;
  name: string;
  copy: boolean;
}

/**
 * Gives each source image one figure name, the same every time it is used. `existing` maps the
 * figures already in content/figures/ to a hash of their bytes, `hashes` the folder's images.
 */
export function createFigureNamer(existing: ReadonlyMap<string, string>, hashes: ReadonlyMap<string, string>) {
  const bySource = new Map<string, FigureCopy>();
  const used = new Set(existing.keys());
  return {
    nameFor(source: string): FigureCopy {
      const known = bySource.get(source);
      if (known) return known;
      const wanted = figureFileName(source);
      const dot = wanted.lastIndexOf('.');
      const [stem, ext] = dot === -1 ? [wanted, ''] : [wanted.slice(0, dot), wanted.slice(dot)];
      let figure: FigureCopy | undefined;
      for (let n = 1; !figure; n++) {
        const name = n === 1 ? wanted : `${stem}-${n}${ext}`;
        const hash = existing.get(name);
        if (hash !== undefined && hash === hashes.get(source) && ![...bySource.values()].some((f) => f.name === name))
          figure = { source, name, copy: false };
        else if (!used.has(name)) figure = { source, name, copy: true };
      }
      used.add(figure.name);
      bySource.set(source, figure);
      return figure;
    },
    copies: (): FigureCopy[] => [...bySource.values()],
  };
}
