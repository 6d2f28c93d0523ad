/**
 * Markdown that GFM and remark-math would read differently from what the author meant, kept
 * intact by hiding two characters behind same-length placeholders before parsing (positions do
 * not move) and putting them back in every literal node after (see restoreProtected):
 *
 * - in a table row, a `|` inside `$…$` or `[[…]]` would end the table cell (`$|x|$`, `[[a|b]]`);
 * - a `$` inside `[[…]]` would start a formula and break the link (`[[#A heading with $x$]]`).
 */

export const PIPE = '\uE010';
export const DOLLAR = '\uE011';

const delimiterRow = /^ {0,3}(?:>\s*)*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** Line indexes that belong to GFM tables: a header, its delimiter row, and the rows up to a blank line. */
function tableLines(lines: readonly string[]): Set<number> {
  const inTable = new Set<number>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].includes('-') || !delimiterRow.test(lines[i]) || !lines[i - 1].includes('|')) continue;
    inTable.add(i - 1);
    for (let j = i; j < lines.length && lines[j].trim() !== ''; j++) inTable.add(j);
  }
  return inTable;
}

/** Protects one line: `[[…]]` everywhere; in tables, also `|` inside `$…$`. Code spans are left alone. */
function protectLine(line: string, inTable: boolean): string {
  const out = line.split('');
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      const close = line.indexOf(run, i + run.length);
      i = close === -1 ? i + run.length : close + run.length;
      continue;
    }
    if (c === '[' && line[i + 1] === '[') {
      const close = line.indexOf(']]', i + 2);
      if (close !== -1 && !line.slice(i + 2, close).includes('[')) {
        for (let k = i + 2; k < close; k++) {
          if (line[k] === '$') out[k] = DOLLAR;
          else if (inTable && line[k] === '|' && line[k - 1] !== '\\') out[k] = PIPE;
        }
        i = close + 2;
        continue;
      }
    }
    if (c === '$' && inTable) {
      const run = /^\$+/.exec(line.slice(i))![0];
      // Pandoc's rule for `$`: the opener is followed by a non-space, the closer preceded by one
      // and not followed by a digit; so `| $5 | $10 |` stays two prices in two cells.
      let close = line.indexOf(run, i + run.length);
      while (
        close !== -1 &&
        (line[close - 1] === '\\' || /\s/.test(line[close - 1]) || /\d/.test(line[close + run.length] ?? ''))
      ) {
        close = line.indexOf(run, close + 1);
      }
      if (close !== -1 && !/\s/.test(line[i + run.length] ?? ' ')) {
        for (let k = i + run.length; k < close; k++) if (line[k] === '|' && line[k - 1] !== '\\') out[k] = PIPE;
        i = close + run.length;
        continue;
      }
      i += run.length;
      continue;
    }
    i++;
  }
  return out.join('');
}

/** The body with the characters above replaced by placeholders; same length, same line breaks. */
export function protectMarkdown(body: string): string {
  if (!body.includes('[[') && !body.includes('|')) return body;
  const lines = body.split('\n');
  const tables = tableLines(lines);
  return lines
    .map((line, i) => (line.includes('[[') || tables.has(i) ? protectLine(line, tables.has(i)) : line))
    .join('\n');
}

/** Puts the protected characters back in a literal value. */
export function restoreProtected(value: string): string {
  return value.includes(PIPE) || value.includes(DOLLAR) ? value.replaceAll(PIPE, '|').replaceAll(DOLLAR, '$') : value;
}
