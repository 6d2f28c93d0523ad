import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of the file:// copy. Pages opened from disk get no HTTP headers, and
 * the copy's pages differ from the site's (module scripts replaced, URLs made relative, so inline
 * style hashes change), so each page gets its own `<meta>` policy: scripts and styles only from the
 * copy's own files or with the hash of the page's own inline blocks, nothing from the network.
 */

const inlineScript = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;
const inlineStyle = /<style[^>]*>([\s\S]*?)<\/style>/gi;

function hashes(html: string, pattern: RegExp): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(pattern)) out.add(`'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  return [...out];
}

/** The policy for one page of the offline copy (its inline scripts and styles hashed). */
export function offlineCsp(html: string): string {
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ['script-src', "'self'", ...hashes(html, inlineScript)].join(' '),
    ['style-src', "'self'", ...hashes(html, inlineStyle)].join(' '),
    "style-src-attr 'unsafe-inline'",
  ].join('; ');
}

/** Puts the page's offline policy at the top of its <head> (after the charset), before anything it governs. */
export function withOfflineCsp(html: string): string {
  const meta = `<meta http-equiv="content-security-policy" content="${offlineCsp(html)}">`;
  if (/<meta charset=[^>]*>/i.test(html)) return html.replace(/<meta charset=[^>]*>/i, (m) => `${m}${meta}`);
  return html.replace(/<head([^>]*)>/i, (m) => `${m}${meta}`);
}
