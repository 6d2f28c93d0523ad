/**
 * The two string helpers every HTML-producing part of the site shares: escaping text for HTML
 * (element content and double-quoted attributes) and decoding the character references that
 * rendered HTML contains (`&amp;`, `&#x2032;`), for plain-text uses such as search and headings.
 */

/** Escapes `& < > "` so text is safe in element content and in double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Decodes numeric references and the named ones the site's HTML uses; an unknown name or an
 * invalid code point is kept as written.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return named[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
