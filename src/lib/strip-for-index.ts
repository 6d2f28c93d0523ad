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

/**
 * What Pagefind is given of a built page: the page without KaTeX's markup and inline SVG
 * (stripForIndex) and without the regions it would ignore anyway (indexedPart). Pagefind writes the
 * same index from it as from the whole page (checked on this site and the benchmark corpus: the
 * bundles are byte for byte the same), and spends less time parsing: about 1 s less for 1,339 pages
 * of the benchmark corpus (50.7 MB of stripped pages become 38.8 MB).
 */
export function searchInput(html: string): string {
  return indexedPart(stripForIndex(html));
}

/** Elements a search-ignored region may be, and tags that would end a `<p>` before its `</p>`. */
const REGION_TAGS = new Set(['div', 'section', 'nav', 'aside', 'header', 'footer', 'span', 'p', 'ul', 'ol']);
const ENDS_P = /<(?:p|div|section|nav|aside|header|footer|ul|ol|dl|table|pre|blockquote|figure|h[1-6]|hr)[\s>/]/;

/**
 * What of a page (after stripForIndex) can reach Pagefind's index: the page without the regions
 * marked `data-pagefind-ignore` that carry no other Pagefind attribute (Pagefind still reads the
 * filters and meta inside an ignored region, so those regions are kept). A note's "Linked from" and
 * a paper's "Cited in" quotes are such regions: rewording a sentence changes the pages that quote
 * it, not what search reads of them, so their search bundle need not be indexed again
 * (src/cli/pagefind-index.ts). Anything not surely ignored is kept.
 */
export function indexedPart(html: string): string {
  let out = '';
  let cursor = 0;
  const open = /<([a-z]+)\b[^>]*\sdata-pagefind-ignore\b[^>]*>/g;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const tag = m[1];
    if (!REGION_TAGS.has(tag)) continue;
    const end = matchingClose(html, m.index, tag);
    if (end < 0) continue;
    const region = html.slice(m.index, end);
    if (/data-pagefind-(?!ignore\b)/.test(region) || (tag === 'p' && ENDS_P.test(region.slice(m[0].length)))) continue;
    out += html.slice(cursor, m.index);
    cursor = end;
    open.lastIndex = end;
  }
  return out + html.slice(cursor);
}
