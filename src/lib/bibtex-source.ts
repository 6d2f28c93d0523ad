/**
 * The BibTeX source as text, before and after the parser reads it: where each entry starts (with its
 * line, for messages), the characters hidden from the parser while it reads, and field values as
 * plain text.
 */

/** Where an entry starts in the source: its `@type{key,`. */
export interface EntryStart {
  key: string;
  type: string;
  offset: number;
  line: number;
}

/** Finds every `@type{key,` in the source with its line, skipping @string/@comment/@preamble. */
export function scanEntryStarts(source: string): EntryStart[] {
  const starts: EntryStart[] = [];
  const re = /^[ \t]*@([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)/gm;
  let line = 1;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const type = m[1].toLowerCase();
    if (type === 'string' || type === 'comment' || type === 'preamble') continue;
    for (let i = last; i < m.index; i++) if (source.charCodeAt(i) === 10) line++;
    last = m.index;
    starts.push({ key: m[2], type, offset: m.index, line });
  }
  return starts;
}

/**
 * Characters the parser would change, hidden behind same-length placeholders while it parses:
 * `<` and `>` (it prints them as `¡` and `¿`, as LaTeX's OT1 encoding does, and its own output
 * uses `<…>` for markup, so a literal `p < 1 … q > 2` was later stripped as a tag) and a `%`
 * inside a field value (a TeX comment to the parser, which cut "5% better" to "5").
 */
const LT = '\uE000';
const GT = '\uE001';
const PERCENT = '\uE002';

/** Replaces `<`, `>` and in-value `%` with placeholders; the text keeps its length, so offsets hold. */
export function protect(source: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const escaped = i > 0 && source[i - 1] === '\\';
    if (c === '{' && !escaped) depth++;
    else if (c === '}' && !escaped) depth = Math.max(0, depth - 1);
    else if (c === '"' && depth === 1 && !escaped) quoted = !quoted;
    if (c === '<') out += LT;
    else if (c === '>') out += GT;
    else if (c === '%' && !escaped && (depth >= 2 || (depth === 1 && quoted))) out += PERCENT;
    else out += c;
  }
  return out;
}

/** Puts back what `protect` hid. */
export function restore(text: string): string {
  return text.replaceAll(LT, '<').replaceAll(GT, '>').replaceAll(PERCENT, '%');
}

/**
 * Strips the light HTML markup the BibTeX parser produces (`<i>…</i>`) to plain text, in NFC:
 * the parser turns `{\'e}` into `e` plus a combining accent, which would not match a typed `é`.
 */
export function plain(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = restore(value.replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
  return text === '' ? undefined : text;
}
