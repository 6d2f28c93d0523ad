/**
 * Removes elements the search index never reads (KaTeX's rendered formulas and inline SVG) from a
 * built page before it is handed to Pagefind. Pagefind excludes them anyway, but parsing them was
 * most of its time and memory: KaTeX markup is about four fifths of a math-heavy page (measured on
 * 5,000 notes: 2.8 GB peak for Pagefind alone). The words of each formula stay indexed through the
 * `.math-words` span beside it.
 */
export function stripForIndex(html: string): string {
  let out = '';
  let cursor = 0;
  const open = /<span class="katex">|<svg[\s>]/g;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    if (m.index < cursor) continue;
    const tag = m[0].startsWith('<svg') ? 'svg' : 'span';
    const end = matchingClose(html, m.index, tag);
    if (end < 0) break;
    out += html.slice(cursor, m.index);
    cursor = end;
    open.lastIndex = end;
  }
  return out + html.slice(cursor);
}

/**
 * Index just after the close tag matching the `<tag` that opens at `start`, counting nested elements
 * of the same name (self-closing ones do not nest), or -1. The offline search scanner uses it too.
 */
export function matchingClose(html: string, start: number, tag: string): number {
  const re = new RegExp(`<${tag}[\\s>/]|</${tag}>`, 'g');
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0][1] === '/') {
      depth--;
      if (depth === 0) return m.index + m[0].length;
    } else if (!html.startsWith('/>', html.indexOf('>', m.index) - 1)) {
      depth++;
    }
  }
  return -1;
}
