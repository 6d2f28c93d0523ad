import type { APIRoute } from 'astro';
import { getSiteData } from '../data/site-data.ts';
import { noteUrl, withBase } from '../lib/slugs.ts';
import { escapeXml } from '../lib/xml.ts';
import { siteConfig } from '../site.config.ts';

/** An Atom feed of the 30 most recently updated notes. */
export const GET: APIRoute = async ({ site }) => {
  const data = await getSiteData();
  const base = import.meta.env.BASE_URL;
  const abs = (path: string) => new URL(path, site).href;
  const dated = data.notes
    .map((n) => ({ n, updated: n.data.derived.lastUpdated ?? new Date(0) }))
    .sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.n.id.localeCompare(b.n.id))
    .slice(0, 30);
  const newest = dated[0]?.updated ?? new Date(0);
  const entries = dated
    .map(
      ({ n, updated }) => `  <entry>
    <title>${escapeXml(n.data.title)}</title>
    <link href="${escapeXml(abs(noteUrl(base, n.id)))}"/>
    <id>${escapeXml(abs(noteUrl(base, n.id)))}</id>
    <updated>${updated.toISOString()}</updated>
    <summary>${escapeXml(n.data.summary)}</summary>
${n.data.tags.map((t) => `    <category term="${escapeXml(t)}"/>`).join('\n')}
  </entry>`,
    )
    .join('\n');
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escapeXml(siteConfig.title)}: recently updated notes</title>
  <subtitle>${escapeXml(siteConfig.description)}</subtitle>
  <link href="${escapeXml(abs(withBase(base, 'feed.xml')))}" rel="self"/>
  <link href="${escapeXml(abs(base))}"/>
  <id>${escapeXml(abs(base))}</id>
  <updated>${newest.toISOString()}</updated>
  <author><name>${escapeXml(siteConfig.author)}</name></author>
${entries}
</feed>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
