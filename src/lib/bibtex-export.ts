import { parse } from '@retorquere/bibtex-parser';
import type { Author, Paper } from './bibtex.ts';
import { monthName } from './dates.ts';

/**
 * Writes BibTeX for readers to take away: the papers a note cites, the whole bibliography, and a
 * citation of a note itself. A paper's fields are written as their authors wrote them in TeX, so
 * case protection (`{ReLU}`), accents and math (`TC$^0$`) survive; what the site only knows as plain
 * text (author names, a note's title) is escaped here. Site-only fields (`note`, the site's summary,
 * and `keywords`, its tag ids) are left out: a `note` would print in the reader's reference list.
 */

/** The bibliographic fields kept, in the order they are written (`author` comes first, from the parsed names). */
export const EXPORT_FIELDS = [
  'title',
  'journal',
  'booktitle',
  'series',
  'editor',
  'edition',
  'volume',
  'number',
  'pages',
  'chapter',
  'publisher',
  'institution',
  'school',
  'organization',
  'howpublished',
  'address',
  'year',
  'month',
  'doi',
  'eprint',
  'archiveprefix',
  'primaryclass',
  'url',
] as const;

/** How the fields are spelled on output (BibTeX ignores case; these are the usual spellings). */
const SPELLING: Record<string, string> = { archiveprefix: 'archivePrefix', primaryclass: 'primaryClass' };

/** Fields read verbatim (a `%` in a URL is part of it, not a TeX comment). */
const VERBATIM = new Set(['url', 'doi', 'eprint']);

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Plain text as the value of a braced BibTeX field: TeX's special characters escaped, Unicode kept. */
export function escapeTex(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) => SPECIAL[c]);
}

/**
 * A sentence-case title with the case of every capital after its first letter protected
 * (`Adam versus {SGD}`, `{Polyak}–{Łojasiewicz}`), so a style that lowercases titles keeps names and
 * acronyms as written.
 */
export function protectCase(title: string): string {
  let out = '';
  let last = 0;
  for (const m of title.matchAll(/[\p{L}\p{N}'’]+/gu)) {
    const word = m[0];
    const capital = /\p{Lu}/u.test(m.index === 0 ? word.slice(1) : word);
    out += escapeTex(title.slice(last, m.index)) + (capital ? `{${escapeTex(word)}}` : escapeTex(word));
    last = m.index + word.length;
  }
  return out + escapeTex(title.slice(last));
}

/** One author as BibTeX reads it back: "Family, Given", or a name without a given part in braces. */
function authorTex(a: Author): string {
  return a.given ? `${escapeTex(a.family)}, ${escapeTex(a.given)}` : `{${escapeTex(a.family)}}`;
}

/** An entry from fields already in TeX, names aligned the way content/references.bib writes them. */
export function formatEntry(type: string, key: string, fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(13, ...fields.map(([name]) => name.length));
  const lines = fields.map(
    ([name, value]) => `  ${name.padEnd(width)} = ${/^\w+$/.test(value) && name === 'month' ? value : `{${value}}`}`,
  );
  return `@${type}{${key},\n${lines.join(',\n')}\n}\n`;
}

/** A `%` that is not escaped starts a TeX comment: escape it, leaving `\%` as it is. */
const escapeBarePercent = (tex: string) => tex.replace(/(?<!\\)%/g, '\\%');

/**
 * The TeX source of the exported fields of every entry in `source` (key → field → TeX), read with
 * the parser's raw mode: values exactly as written, outer braces removed.
 */
export function texFields(source: string): Map<string, Record<string, string>> {
  const library = parse(source, { raw: true });
  const out = new Map<string, Record<string, string>>();
  for (const entry of library.entries) {
    const fields: Record<string, string> = {};
    for (const name of EXPORT_FIELDS) {
      const raw = (entry.fields as Record<string, unknown>)[name];
      // publisher, institution and organization are lists to the parser ("A and B").
      const value = Array.isArray(raw) ? raw.join(' and ') : raw;
      if (typeof value !== 'string' || value.trim() === '') continue;
      fields[name] = VERBATIM.has(name) ? value.trim() : escapeBarePercent(value.trim());
    }
    out.set(entry.key, fields);
  }
  return out;
}

/** A paper as a BibTeX entry: its authors, then its bibliographic fields in TeX (see `texFields`). */
export function paperEntry(
  paper: Pick<Paper, 'key' | 'type' | 'authors'>,
  tex: Readonly<Record<string, string>>,
): string {
  const fields: [string, string][] = [['author', paper.authors.map(authorTex).join(' and ')]];
  for (const name of EXPORT_FIELDS) if (tex[name] !== undefined) fields.push([SPELLING[name] ?? name, tex[name]]);
  return formatEntry(paper.type, paper.key, fields);
}

/** What a citation of a note is made from. */
export interface NoteCitationInput {
  slug: string;
  title: string;
  /** Who wrote it: an organisation-like name, kept whole. */
  author: string;
  updated: Date;
  /** The note's canonical address. */
  url: string;
  /** What the site is called in a reference ("Deep-learning theory knowledge base"). */
  publishedIn: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A note as `@misc` BibTeX and as one line of text, dated by its last update. */
export function noteCitation(n: NoteCitationInput): { bibtex: string; text: string } {
  const year = n.updated.getUTCFullYear();
  const bibtex = formatEntry('misc', `dltheory:${n.slug}`, [
    ['title', protectCase(n.title)],
    ['author', `{${escapeTex(n.author)}}`],
    ['year', String(year)],
    ['month', MONTHS[n.updated.getUTCMonth()]],
    ['url', n.url],
    ['note', escapeTex(n.publishedIn)],
  ]);
  const month = monthName(n.updated);
  return { bibtex, text: `${n.author} (${year}). ${n.title}. ${n.publishedIn}, ${month} ${year}. ${n.url}` };
}

/** A .bib file: a comment saying what it holds, then the entries. */
export function bibFile(about: string, entries: readonly string[]): string {
  return `% ${about}\n\n${entries.join('\n')}`;
}

/** How .bib files are served where the server lets the site say (static hosts go by the extension). */
export const BIBTEX_HEADERS = { 'Content-Type': 'application/x-bibtex; charset=utf-8' } as const;
