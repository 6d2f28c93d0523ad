import { imageSize } from 'image-size';

/**
 * Raster figures (photographs, plots exported as PNG) are published as files next to the pages and
 * shown with `<img>`, never inlined: unlike an SVG they cannot carry markup. What is checked is that
 * the bytes are the image format the name says (a page is never served a file of another type under
 * an image name) and that the file stays small enough for a reader's data plan.
 */

/** File names of raster figures, by extension. */
export const RASTER_FIGURE = /\.(png|jpe?g|gif|webp|avif)$/i;

/** Every figure file content/figures may hold. */
export const ANY_FIGURE = /\.(svg|png|jpe?g|gif|webp|avif)$/i;

/** Larger raster figures are refused: a figure is one picture, and its page must stay light. */
export const MAX_RASTER_BYTES = 1024 * 1024;

/** What a page needs to reserve a raster figure's space before it loads. */
export interface RasterInfo {
  width: number;
  height: number;
}

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** The extension as image-size names the format (`.jpeg` is `jpg`). */
function formatOf(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'jpeg' ? 'jpg' : ext;
}

/** The media type a raster figure is served with. */
export function mediaTypeOf(name: string): string {
  return MEDIA_TYPES[formatOf(name)] ?? 'application/octet-stream';
}

/** Checks a raster figure's bytes; returns its size in pixels, or what is wrong with it. */
export function inspectRaster(name: string, bytes: Uint8Array): { info?: RasterInfo; error?: string } {
  if (bytes.length > MAX_RASTER_BYTES) {
    return {
      error:
        `the image is ${Math.round(bytes.length / 1024)} KB; the limit is ${MAX_RASTER_BYTES / 1024} KB. ` +
        'Export it smaller (fewer pixels, or JPEG/WebP for photographs)',
    };
  }
  const expected = formatOf(name);
  let found: { type?: string; width?: number; height?: number };
  try {
    found = imageSize(bytes);
  } catch {
    return {
      error:
        `the file is not a ${expected.toUpperCase()} image (its bytes are not an image this site can serve): ` +
        'export it again as PNG, JPEG, GIF, WebP or AVIF',
    };
  }
  const type = found.type === 'jpeg' ? 'jpg' : found.type;
  if (type !== expected) {
    return {
      error:
        `the file is named .${name.slice(name.lastIndexOf('.') + 1)} ` +
        `but holds a ${String(type).toUpperCase()} image: rename it to .${type}`,
    };
  }
  if (!found.width || !found.height) return { error: 'the image has no width or height: export it again' };
  return { info: { width: found.width, height: found.height } };
}
