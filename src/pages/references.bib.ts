import type { APIRoute } from 'astro';
import { getSiteData } from '../data/site-data.ts';
import { BIBTEX_HEADERS, bibFile } from '../lib/bibtex-export.ts';
import { siteConfig } from '../site.config.ts';

/** The whole bibliography as BibTeX, by key. */
export const GET: APIRoute = async ({ site }) => {
  const data = await getSiteData();
  const about =
    `${siteConfig.citeAs}: the ${data.papers.length} papers the notes cite. ` +
    `${new URL(import.meta.env.BASE_URL, site).href}`;
  return new Response(bibFile(about, data.bibtexEntries(data.papers.map((p) => p.key))), { headers: BIBTEX_HEADERS });
};
