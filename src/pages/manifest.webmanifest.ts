import type { APIRoute } from 'astro';
import { siteConfig } from '../site.config.ts';

/** The web app manifest, built with the configured base path so the site installs under any sub-path. */
export const GET: APIRoute = () => {
  const base = import.meta.env.BASE_URL;
  const manifest = {
    name: siteConfig.title,
    short_name: 'DL Theory',
    description: siteConfig.description,
    lang: 'en',
    start_url: base,
    scope: base,
    display: 'standalone',
    background_color: '#fcfbf8',
    theme_color: '#1d4ed8',
    icons: [
      { src: `${base}icons/icon-192.png`, sizes: '192x192', type: 'image/png' },
      { src: `${base}icons/icon-512.png`, sizes: '512x512', type: 'image/png' },
      { src: `${base}icons/icon-maskable-512.png`, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: `${base}favicon.svg`, sizes: 'any', type: 'image/svg+xml' },
    ],
  };
  return new Response(JSON.stringify(manifest, null, 2), { headers: { 'Content-Type': 'application/manifest+json' } });
};
