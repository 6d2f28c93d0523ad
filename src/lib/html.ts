/**
 * The string helpers every HTML-producing part of the site shares: escaping text for HTML
 * (element content and double-quoted attributes), decoding the character references that
 * rendered HTML contains (`&amp;`, `&#x2032;`), for plain-text uses such as search and headings,
 * and flattening a string that is kept to be joined into many pages.
 */

/** Escapes `& < > "` so text is safe in element content and in double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Returns `text` stored as one flat run of characters. KaTeX builds its HTML by concatenation, which
 * V8 keeps as a tree of pieces; joining such a string into a page walks the tree again every time
 * (about four times as slow as copying a flat one), and a cached formula is joined into every
 * note that uses it. Reading a character flattens the string in place (V8), so this costs one walk.
 */
export function flatString(text: string): string {
  text.charCodeAt(0);
  return text;
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
