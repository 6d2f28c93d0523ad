import type { APIRoute } from 'astro';
import { getSiteData } from '../data/site-data.ts';
import { noteUrl, tagUrl } from '../lib/slugs.ts';

/**
 * Every name a note answers to (title and aliases) and every tag title, for the search's
 * "did you mean" when a query finds nothing. Fetched only then; a few KB.
 */
export const GET: APIRoute = async () => {
  const data = await getSiteData();
  const base = import.meta.env.BASE_URL;
  const names: [string, string, string][] = [];
  for (const n of data.notes) {
    const url = noteUrl(base, n.id);
    for (const name of [n.data.title, ...n.data.aliases]) names.push([name, n.data.title, url]);
  }
  for (const t of data.tags) names.push([t.title, `Tag: ${t.title}`, tagUrl(base, t.id)]);
  return new Response(JSON.stringify(names), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
