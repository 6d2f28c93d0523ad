import type { APIRoute, GetStaticPaths } from 'astro';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mediaTypeOf, RASTER_FIGURE } from '../../lib/raster-figures.ts';
import { CONTENT, listFiles } from '../../pipeline/content-files.ts';
import { settings } from '../../settings.ts';
import { pathToFileURL } from 'node:url';

/**
 * Publishes raster figures (content/figures/*.png, …) as files of the site. SVG figures are not
 * published as files: they are inlined after sanitizing, and their original source never reaches
 * the site. Every file here passed the content checks (format matches the name, size limit).
 */
export const getStaticPaths = (async () => {
  const root = pathToFileURL(`${settings().contentRoot}/`);
  const names = await listFiles(root, CONTENT.figures, RASTER_FIGURE, false, []);
  return names.map((name) => ({
    params: { name },
    props: { path: join(settings().contentRoot, CONTENT.figures, name) },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, props }) =>
  new Response(new Uint8Array(await readFile((props as { path: string }).path)), {
    headers: { 'Content-Type': mediaTypeOf(params.name ?? '') },
  });
