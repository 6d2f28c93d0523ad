import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of the file:// copy. Pages opened from disk get no HTTP headers, and
 * the copy's pages differ from the site's (module scripts replaced, URLs made relative, so inline
 * style hashes change), so each page gets its own `<meta>` policy: scripts and styles only from the
 * copy's own files or with the hash of the page's own inline blocks, nothing from the network.
 */

const inlineScript = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;
const inlineStyle = /<style[^>]*>([\s\S]*?)<\/style>/gi;

function hashes(parts: readonly string[], pattern: RegExp, encoding: 'utf8' | 'latin1'): string[] {
  const out = new Set<string>();
  for (const m of parts.flatMap((html) => [...html.matchAll(pattern)]))
    out.add(`'sha256-${createHash('sha256').update(m[1], encoding).digest('base64')}'`);
  return [...out];
}

/**
 * The policy for one page of the offline copy (its inline scripts and styles hashed). `encoding`
 * says how the string holds the page's bytes: `latin1` for one character per byte (the hashes are of
 * the bytes a browser reads either way). The page may come in parts, split between elements.
 */
export function offlineCsp(html: string | readonly string[], encoding: 'utf8' | 'latin1' = 'utf8'): string {
  const parts = typeof html === 'string' ? [html] : html;
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ['script-src', "'self'", ...hashes(parts, inlineScript, encoding)].join(' '),
    ['style-src', "'self'", ...hashes(parts, inlineStyle, encoding)].join(' '),
    "style-src-attr 'unsafe-inline'",
  ].join('; ');
}

/** Puts the page's offline policy at the top of its <head> (after the charset), before anything it governs. */
export function withOfflineCsp(html: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  const meta = `<meta http-equiv="content-security-policy" content="${offlineCsp(html, encoding)}">`;
  if (/<meta charset=[^>]*>/i.test(html)) return html.replace(/<meta charset=[^>]*>/i, (m) => `${m}${meta}`);
  return html.replace(/<head([^>]*)>/i, (m) => `${m}${meta}`);
}
