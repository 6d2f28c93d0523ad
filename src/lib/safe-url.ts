/**
 * The one rule for URLs the site publishes (Markdown links and definitions, autolinks, BibTeX
 * `url` fields, \href in formulas): http, https and mailto, or a relative URL. Anything else —
 * javascript:, vbscript:, data:, file: — is refused, however it is spelled: the check reads the URL
 * the way a browser does (WHATWG URL parsing strips tabs and newlines and lowercases the scheme;
 * Markdown has already decoded character references such as `&#106;avascript:`).
 */

export const SAFE_SCHEMES = ['http:', 'https:', 'mailto:'] as const;

/** The scheme a browser would use for `url`, or undefined for a relative URL. */
export function schemeOf(url: string): string | undefined {
  // Browsers drop ASCII tab and newline anywhere and leading/trailing C0 controls and spaces.
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  return m ? `${m[1].toLowerCase()}:` : undefined;
}

/** True for http(s), mailto and relative URLs. */
export function isSafeUrl(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === undefined || (SAFE_SCHEMES as readonly string[]).includes(scheme);
}
