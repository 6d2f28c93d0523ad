import { posix } from 'node:path';
import { offlineCsp } from './offline-csp.ts';

/**
 * How one built file becomes its file:// copy (pure; src/cli/offline-files.ts does the I/O).
 *
 * Pages are handled as Latin-1 strings (one character per byte): every pattern here is ASCII, so the
 * bytes of everything else pass through untouched, and decoding and encoding cost a copy instead of
 * UTF-8 validation (UTF-8 both ways was a fifth of the copy's time at 1,000 notes). Tags are found with
 * `indexOf`, not regular expressions: a math-heavy page is 200 KB of KaTeX markup, almost all of it
 * `<span`, and a pattern that starts at every `<` or every space scanned it several times over
 * (a CPU profile of the copy at 1,000 notes: 9 of its 20 s).
 */

/** The path from a file at `fromFile` (relative to the site root) to site path `target`. */
function relativeUrl(fromFile: string, target: string): string {
  const [pathAndQuery, hash = ''] = target.split('#', 2);
  const [path, query = ''] = pathAndQuery.split('?', 2);
  let file = path === '' ? 'index.html' : path.endsWith('/') ? `${path}index.html` : path;
  if (!/\.[a-z0-9]+$/i.test(file)) file = `${file}/index.html`;
  let rel = posix.relative(posix.dirname(fromFile), file);
  if (rel === '') rel = posix.basename(file);
  return `${rel}${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`;
}

const URL_ATTRIBUTES = ['href', 'src', 'action'];
const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/** The attribute name (href, src or action, after whitespace) that ends just before `at`, if any. */
function urlAttributeBefore(text: string, at: number): string | undefined {
  return URL_ATTRIBUTES.find((name) => text.startsWith(name, at - name.length) && isSpace(text[at - name.length - 1]));
}

/** One replacement in a page: the bytes from `start` to `end` become `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The edits that make `href="<base>…"`, `src=` and `action=` values quoted with `quote` relative to `fromFile`. */
function attributeEdits(text: string, fromFile: string, base: string, quote: '"' | "'"): Edit[] {
  const marker = `=${quote}${base}`;
  const edits: Edit[] = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
    if (!urlAttributeBefore(text, at)) continue;
    const start = at + marker.length;
    // The first quote of either kind ends the value (searching for each kind with indexOf would scan
    // to the end of the page for the kind a page hardly uses, once per link).
    let end = start;
    while (end < text.length && text[end] !== '"' && text[end] !== "'") end++;
    // The value must close with the quote it opened with (an unclosed or mixed value is left alone).
    if (end === text.length || text[end] !== quote) continue;
    edits.push({ start: at + 2, end, text: relativeUrl(fromFile, text.slice(start, end)) });
    at = end;
  }
  return edits;
}

/** The edits that remove every tag starting with `prefix` (and `closing` right after it, when given). */
function removalEdits(text: string, prefix: string, closing = ''): Edit[] {
  const edits: Edit[] = [];
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
    const end = text.indexOf('>', at + prefix.length);
    if (end < 0) break;
    if (closing && !text.startsWith(closing, end + 1)) continue;
    edits.push({ start: at, end: end + 1 + closing.length, text: '' });
    at = end + closing.length;
  }
  return edits;
}

/**
 * Applies edits (non-overlapping, any order) to `text`. The pieces are joined once, as a string grown
 * piece by piece is a rope that the next search must flatten first (measured: ten times the search).
 */
function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.start - b.start);
  const out: string[] = [];
  let copied = 0;
  for (const e of edits) {
    out.push(text.slice(copied, e.start), e.text);
    copied = e.end;
  }
  out.push(text.slice(copied));
  return out.join('');
}

/** Edits from `more` that do not fall inside an edit of `first` (a removed tag's href is not rewritten). */
function outside(first: Edit[], more: Edit[]): Edit[] {
  return more.filter((m) => !first.some((f) => m.start >= f.start && m.start < f.end));
}

/** Rewrites every site-absolute URL in an HTML or CSS file so the copy works from any folder. */
export function relativizeUrls(text: string, fromFile: string, base: string): string {
  let out = applyEdits(text, [
    ...attributeEdits(text, fromFile, base, '"'),
    ...attributeEdits(text, fromFile, base, "'"),
  ]);
  if (out.includes('url(')) {
    const b = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(
      new RegExp(`url\\((["']?)${b}([^)"']*)\\1\\)`, 'g'),
      (_m, q: string, path: string) => `url(${q}${relativeUrl(fromFile, path)}${q})`,
    );
  }
  return out;
}

/**
 * Removes every tag that starts with `prefix` (up to its `>`); with `closing`, only where `closing` follows at once,
 * and that too.
 */
export function removeTags(html: string, prefix: string, closing = ''): string {
  return applyEdits(html, removalEdits(html, prefix, closing));
}

/**
 * A built page as the file:// copy serves it (`page` is its bytes): module scripts, module preloads,
 * the manifest, font preloads and the site's CSP removed, one classic script added, every URL
 * relative, and a CSP for pages opened from disk (`text` is `page` decoded as Latin-1, when the
 * caller has it). The head (a few KB, where the tags to remove and the inline styles are) is edited
 * as a string; the body (the rest, mostly KaTeX) is searched once per pattern and copied as bytes
 * around the edits.
 */
export function offlinePage(page: Buffer, rel: string, base: string, text = page.toString('latin1')): Buffer {
  const headEnd = text.indexOf('</head>') + 1;
  // Links and metas are written in the head only (the body's inline HTML allows neither).
  let head = text.slice(0, headEnd);
  for (const prefix of [
    '<link rel="modulepreload"',
    '<meta http-equiv="content-security-policy"',
    '<link rel="manifest"',
    '<link rel="preload"',
  ]) {
    head = removeTags(head, prefix);
  }
  head = relativizeUrls(removeTags(head, '<script type="module"', '</script>'), rel, base);
  // Module scripts may come anywhere a component is.
  const removed = removalEdits(text, '<script type="module"', '</script>').filter((e) => e.start >= headEnd);
  const edits = [
    ...removed,
    ...outside(
      removed,
      [...attributeEdits(text, rel, base, '"'), ...attributeEdits(text, rel, base, "'")].filter(
        (e) => e.start >= headEnd,
      ),
    ),
  ];
  const bodyEnd = text.indexOf('</body>', headEnd);
  if (bodyEnd >= 0)
    edits.push({
      start: bodyEnd,
      end: bodyEnd,
      text: `<script src="${relativeUrl(rel, '_offline/offline.js')}"></script>`,
    });
  edits.sort((a, b) => a.start - b.start);
  const pieces: Buffer[] = [];
  let copied = headEnd;
  for (const e of edits) {
    pieces.push(page.subarray(copied, e.start), Buffer.from(e.text, 'latin1'));
    copied = e.end;
  }
  pieces.push(page.subarray(copied));
  const body = Buffer.concat(pieces);
  const meta =
    '<meta http-equiv="content-security-policy" ' +
    `content="${offlineCsp([head, body.toString('latin1')], 'latin1')}">`;
  const charset = /<meta charset=[^>]*>/i.exec(head) ?? /<head[^>]*>/i.exec(head);
  if (charset)
    head = `${head.slice(0, charset.index + charset[0].length)}${meta}${head.slice(charset.index + charset[0].length)}`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
