import { parse, type Creator } from '@retorquere/bibtex-parser';
import { problem, type Problem } from './problems.ts';
import { paperSlug } from './slugs.ts';

/** A person or organisation in an author list. */
export interface Author {
  /** Family name with its particle (`van der Maaten`), or the full name of an organisation. */
  family: string;
  given?: string;
}

/** A paper from the bibliography, as the site and the checker use it. */
export interface Paper {
  key: string;
  type: string;
  title: string;
  authors: Author[];
  year: number;
  venue: string;
  arxiv?: string;
  doi?: string;
  url?: string;
  abstract?: string;
  note?: string;
  tags: string[];
  /** 1-based line of the `@type{key,` line in the .bib file. */
  line: number;
  /** The entry exactly as written, for "copy BibTeX". */
  bibtex: string;
}

const venueFields = ['journal', 'booktitle', 'publisher', 'institution', 'school', 'howpublished', 'organization'] as const;
const arxivId = /^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})(v\d+)?$/;
const doiPattern = /^10\.\d{4,9}\/\S+$/;

interface EntryStart {
  key: string;
  type: string;
  offset: number;
  line: number;
}

/** Finds every `@type{key,` in the source with its line, skipping @string/@comment/@preamble. */
function scanEntryStarts(source: string): EntryStart[] {
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
function protect(source: string): string {
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

function restore(text: string): string {
  return text.replaceAll(LT, '<').replaceAll(GT, '>').replaceAll(PERCENT, '%');
}

/**
 * Strips the light HTML markup the BibTeX parser produces (`<i>…</i>`) to plain text, in NFC:
 * the parser turns `{\'e}` into `e` plus a combining accent, which would not match a typed `é`.
 */
function plain(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = restore(value.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim().normalize('NFC');
  return text === '' ? undefined : text;
}

function toAuthor(c: Creator): Author {
  const clean = (v: string | undefined) => (v === undefined ? undefined : restore(v).normalize('NFC'));
  if (c.name) return { family: clean(c.name) as string };
  const family = clean([c.prefix, c.lastName].filter(Boolean).join(' ')) as string;
  return { family: family || clean(c.firstName) || '', given: clean(c.firstName) || undefined };
}

/** Characters a key may have: letters, digits and `_ : . / + -` (what BibTeX tools write). */
const keyPattern = /^[\p{L}\p{N}_:./+-]+$/u;

/**
 * Parses a BibTeX file into papers and reports, with line numbers: syntax errors, duplicate keys,
 * missing required fields (title, author, year, a venue, and one of eprint/doi/url) and malformed
 * identifiers. Entries with errors are left out of `papers`.
 */
export function parseBibliography(source: string, file: string): { papers: Paper[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const starts = scanEntryStarts(source);
  const library = parse(protect(source), { sentenceCase: false, english: false, unsupported: 'ignore' });

  const startByInput = new Map<number, EntryStart>();
  for (const s of starts) startByInput.set(s.offset, s);
  const lineOfOffset = (offset: number) => source.slice(0, offset).split('\n').length;

  // Syntax errors: locate the entry the parser was in.
  const brokenOffsets = new Set<number>();
  for (const err of library.errors) {
    const at = err.input ? source.indexOf(err.input.trimStart().slice(0, 60)) : -1;
    const start = at >= 0 ? [...starts].reverse().find((s) => s.offset <= at) : undefined;
    if (start) brokenOffsets.add(start.offset);
    const detail = err.error.replace(/\s+in "[^"]*"$/, '');
    problems.push(
      problem(file, { line: start?.line ?? (at >= 0 ? lineOfOffset(at) : 0), column: 1 }, `malformed BibTeX entry${start ? ` "${start.key}"` : ''}: ${detail}. Check its braces and that every field ends with a comma`, 'bib-syntax'),
    );
  }

  // Duplicate keys (case-insensitive, as BibTeX itself treats them).
  const firstLine = new Map<string, number>();
  const duplicateOffsets = new Set<number>();
  for (const s of starts) {
    const k = s.key.toLowerCase();
    const seen = firstLine.get(k);
    if (seen !== undefined) {
      duplicateOffsets.add(s.offset);
      problems.push(problem(file, { line: s.line, column: 1 }, `duplicate BibTeX key "${s.key}" (first defined on line ${seen}); rename one of them or merge the entries`, 'bib-duplicate-key'));
    } else {
      firstLine.set(k, s.line);
    }
    if (s.key === '') problems.push(problem(file, { line: s.line, column: 1 }, 'BibTeX entry has no key: write `@article{smith2020title,`', 'bib-syntax'));
  }

  // Keys name paper pages (papers/<slug>/) and are written in notes as [@key].
  const badKeys = new Set<number>();
  const slugOwner = new Map<string, EntryStart>();
  for (const s of starts) {
    if (s.key === '' || duplicateOffsets.has(s.offset)) continue;
    const bad = [...new Set(s.key.replace(/[\p{L}\p{N}_:./+-]/gu, ''))];
    const slug = paperSlug(s.key);
    if (!keyPattern.test(s.key) || slug === '') {
      badKeys.add(s.offset);
      const why = bad.length > 0 ? `has characters a key cannot have (${bad.map((c) => `"${c}"`).join(' ')})` : 'has no letter or digit';
      problems.push(problem(file, { line: s.line, column: 1 }, `BibTeX key "${s.key}" ${why}: use letters, digits and _ : . / + - only, e.g. smith2020title`, 'bib-invalid-key'));
      continue;
    }
    const owner = slugOwner.get(slug.toLowerCase());
    if (owner) {
      badKeys.add(s.offset);
      problems.push(problem(file, { line: s.line, column: 1 }, `BibTeX keys "${owner.key}" (line ${owner.line}) and "${s.key}" would share the page papers/${slug}/: rename one of them`, 'bib-key-collision'));
    } else slugOwner.set(slug.toLowerCase(), s);
  }

  const papers: Paper[] = [];
  let cursor = 0;
  for (const entry of library.entries) {
    // Match the parsed entry to its start in the source, in order.
    const start = starts.find((s) => s.offset >= cursor && s.key === entry.key);
    if (!start) continue;
    cursor = start.offset + 1;
    if (brokenOffsets.has(start.offset) || duplicateOffsets.has(start.offset) || badKeys.has(start.offset)) continue;
    const next = starts.find((s) => s.offset > start.offset);
    const bibtex = source.slice(start.offset, next ? next.offset : source.length).trim();
    const f = entry.fields;
    const at = { line: start.line, column: 1 };
    const missing: string[] = [];
    const title = plain(f.title);
    if (!title) missing.push('title');
    const authors = (f.author ?? []).map(toAuthor).filter((a) => a.family !== '');
    if (authors.length === 0) missing.push('author');
    const yearText = plain(f.year) ?? plain(f.date)?.slice(0, 4);
    if (!yearText) missing.push('year');
    const venueField = venueFields.find((v) => f[v] !== undefined && (Array.isArray(f[v]) ? f[v].length > 0 : plain(f[v] as string)));
    const venueValue = venueField ? f[venueField] : undefined;
    const venue = Array.isArray(venueValue) ? venueValue.join(', ') : plain(venueValue as string | undefined);
    if (!venue) missing.push(`a venue (${venueFields.slice(0, 5).join(', ')} or howpublished)`);
    const eprint = plain(f.eprint);
    const arxiv = eprint && (!f.archiveprefix || /arxiv/i.test(f.archiveprefix)) ? eprint : undefined;
    const doi = plain(f.doi)?.replace(/^https?:\/\/(dx\.)?doi\.org\//, '');
    const url = plain(f.url);
    if (!arxiv && !doi && !url) missing.push('a link (eprint for an arXiv id, doi, or url)');
    if (missing.length > 0) {
      problems.push(problem(file, at, `BibTeX entry "${entry.key}" is missing ${missing.join(', ')}`, 'bib-missing-field'));
      continue;
    }
    let bad = false;
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText ?? '') || year < 1600 || year > 2100) {
      const fix = /^\d{4}$/.test(yearText ?? '') ? 'it must be between 1600 and 2100' : 'write four digits, e.g. year = {2019}';
      problems.push(problem(file, at, `BibTeX entry "${entry.key}" has year "${yearText}": ${fix}`, 'bib-invalid-field'));
      bad = true;
    }
    if (arxiv && !arxivId.test(arxiv)) {
      problems.push(problem(file, at, `BibTeX entry "${entry.key}" has eprint "${arxiv}", which is not an arXiv id like 1806.07572`, 'bib-invalid-field'));
      bad = true;
    }
    if (doi && !doiPattern.test(doi)) {
      problems.push(problem(file, at, `BibTeX entry "${entry.key}" has doi "${doi}", which does not look like 10.xxxx/…`, 'bib-invalid-field'));
      bad = true;
    }
    if (url && !/^https?:\/\/\S+$/.test(url)) {
      problems.push(problem(file, at, `BibTeX entry "${entry.key}" has url "${url}": write a full http(s):// address`, 'bib-invalid-field'));
      bad = true;
    }
    if (bad) continue;
    papers.push({
      key: entry.key,
      type: entry.type.toLowerCase(),
      title: title as string,
      authors,
      year,
      venue: venue as string,
      arxiv,
      doi,
      url,
      abstract: plain(f.abstract),
      note: plain(f.note),
      tags: (f.keywords ?? []).map((k) => restore(k).trim()).filter(Boolean),
      line: start.line,
      bibtex,
    });
  }
  return { papers, problems };
}
