/**
 * The figures phase of a corpus load: every figure read and checked (size, safety, raster format).
 */
import { readFile, stat } from 'node:fs/promises';
import { MAX_FIGURE_BYTES, parseFigure } from '../lib/figures.ts';
import { problem, type Problem } from '../lib/problems.ts';
import { inspectRaster, RASTER_FIGURE, type RasterInfo } from '../lib/raster-figures.ts';
import { CONTENT, pathIn, readText } from './content-files.ts';
import { hashOf } from './fingerprint.ts';

/**
 * A figure as the renderer needs it: an SVG's checked source, a raster image's size in pixels, or
 * null for a refused figure (whose problems are reported on the figure itself).
 */
export type FigureSource = string | RasterInfo | null;

/** Reads and checks every figure. Returns name → source, and name → hash for render fingerprints. */
export async function readFigures(
  root: URL,
  names: readonly string[],
  problems: Problem[],
): Promise<{ figures: [string, FigureSource][]; hashes: Map<string, string> }> {
  const figures: [string, FigureSource][] = [];
  const hashes = new Map<string, string>();
  for (const name of names) {
    const path = `${CONTENT.figures}/${name}`;
    if (RASTER_FIGURE.test(name)) {
      const bytes = await readFile(pathIn(root, path)).catch(() => undefined);
      if (bytes === undefined) continue;
      const { info, error } = inspectRaster(name, bytes);
      if (error) problems.push(problem(path, { line: 1, column: 1 }, error, 'bad-image'));
      figures.push([name, info ?? null]);
      hashes.set(name, hashOf(bytes.toString('base64')));
      continue;
    }
    const size = (await stat(pathIn(root, path)).catch(() => undefined))?.size ?? 0;
    let source: string | null = null;
    if (size > MAX_FIGURE_BYTES) {
      const message =
        `the figure is ${Math.round(size / 1024)} KB; the limit is ${MAX_FIGURE_BYTES / 1024} KB. ` +
        'Simplify it (fewer points, no embedded data) or split it';
      problems.push(problem(path, { line: 1, column: 1 }, message, 'figure-too-large'));
    } else {
      const text = await readText(root, path, problems);
      if (text === undefined) continue;
      const { errors } = parseFigure(text);
      for (const e of errors) problems.push(problem(path, { line: 1, column: 1 }, e, 'unsafe-figure'));
      if (errors.length === 0) source = text;
    }
    figures.push([name, source]);
    hashes.set(name, hashOf(source ?? ''));
  }
  return { figures, hashes };
}
