import type { APIRoute, GetStaticPaths } from 'astro';
import { getSiteData } from '../../../data/site-data.ts';
import { BIBTEX_HEADERS, bibFile } from '../../../lib/bibtex-export.ts';
import { noteUrl } from '../../../lib/slugs.ts';

/**
 * One file per note that cites anything: its references in the order the note first cites them.
 * Keyed (like the pages, see src/lib/page-keys.ts) by the note's title and citations, with the
 * digest that covers every paper's entry: an edit elsewhere copies the file from the last build.
 */
export const getStaticPaths = (async () => {
  const data = await getSiteData();
  return data.notes
    .filter((n) => n.data.derived.cites.length > 0)
    .map((n) => ({
      params: { slug: n.id },
      cacheKey: data.pageKey({ bib: n.id, title: n.data.title, cites: n.data.derived.cites }),
    }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const data = await getSiteData();
  const note = data.bySlug.get(params.slug as string)!;
  const about =
    `The references of "${note.data.title}", in the order the note cites them. ` +
    `${new URL(noteUrl(import.meta.env.BASE_URL, note.id), site).href}`;
  return new Response(bibFile(about, data.bibtexEntries(note.data.derived.cites)), { headers: BIBTEX_HEADERS });
};
