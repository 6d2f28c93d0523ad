import type { APIRoute } from 'astro';
import { getSiteData } from '../data/site-data.ts';
import { authorUrl, noteUrl, paperUrl, tagUrl, withBase } from '../lib/slugs.ts';
import { escapeXml } from '../lib/xml.ts';

/** Every public page, with last-modified dates for notes. */
export const GET: APIRoute = async ({ site }) => {
  const data = await getSiteData();
  const base = import.meta.env.BASE_URL;
  const abs = (path: string) => new URL(path, site).href;
  const urls: { loc: string; lastmod?: Date }[] = [
    { loc: abs(base) },
    ...['papers/', 'authors/', 'tags/', 'map/', 'search/', 'results/', 'glossary/'].map((p) => ({
      loc: abs(withBase(base, p)),
    })),
    ...data.notes.map((n) => ({ loc: abs(noteUrl(base, n.id)), lastmod: n.data.derived.lastUpdated })),
    ...data.papers.map((p) => ({ loc: abs(paperUrl(base, p.key)) })),
    ...data.tags.map((t) => ({ loc: abs(tagUrl(base, t.id)) })),
    ...data.authors.map((a) => ({ loc: abs(authorUrl(base, a.slug)) })),
  ];
  const body = urls
    .map(
      (u) =>
        `  <url><loc>${escapeXml(u.loc)}</loc>` +
        `${u.lastmod ? `<lastmod>${u.lastmod.toISOString().slice(0, 10)}</lastmod>` : ''}</url>`,
    )
    .join('\n');
  return new Response(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`,
    {
      headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    },
  );
};
