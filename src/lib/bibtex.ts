import { parse } from '@retorquere/bibtex-parser';
import { invalidFields, readFields } from './bibtex-fields.ts';
import { plain, protect, restore, scanEntryStarts, type EntryStart } from './bibtex-source.ts';
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
  /**
   * Its exported fields in TeX (bibtex-export.ts texFields), filled by the corpus loader
   * (read-bibliography.ts), which caches them with the parse.
   */
  tex?: Record<string, string>;
}

/** Characters a key may have: letters, digits and `_ : . / + -` (what BibTeX tools write). */
const keyPattern = /^[\p{L}\p{N}_:./+-]+$/u;

type Library = ReturnType<typeof parse>;
type ParsedEntry = Library['entries'][number];

/** Syntax errors, each at the entry the parser was in; returns the offsets of the broken entries. */
function syntaxProblems(
  library: Library,
  source: string,
  starts: EntryStart[],
  file: string,
  problems: Problem[],
): Set<number> {
  const lineOfOffset = (offset: number) => source.slice(0, offset).split('\n').length;
  const broken = new Set<number>();
  for (const err of library.errors) {
    const at = err.input ? source.indexOf(err.input.trimStart().slice(0, 60)) : -1;
    const start = at >= 0 ? [...starts].reverse().find((s) => s.offset <= at) : undefined;
    if (start) broken.add(start.offset);
    const detail = err.error.replace(/\s+in "[^"]*"$/, '');
    const where = { line: start?.line ?? (at >= 0 ? lineOfOffset(at) : 0), column: 1 };
    const entry = start ? ` "${start.key}"` : '';
    problems.push(
      problem(
        file,
        where,
        `malformed BibTeX entry${entry}: ${detail}. Check its braces and that every field ends with a comma`,
        'bib-syntax',
      ),
    );
  }
  return broken;
}

/**
 * Duplicate keys (case-insensitive, as BibTeX itself treats them) and missing keys; returns the duplicates'
 * offsets.
 */
function duplicateKeys(starts: EntryStart[], file: string, problems: Problem[]): Set<number> {
  const firstLine = new Map<string, number>();
  const duplicates = new Set<number>();
  for (const s of starts) {
    const k = s.key.toLowerCase();
    const seen = firstLine.get(k);
    if (seen !== undefined) {
      duplicates.add(s.offset);
      const message =
        `duplicate BibTeX key "${s.key}" (first defined on line ${seen}); ` + 'rename one of them or merge the entries';
      problems.push(problem(file, { line: s.line, column: 1 }, message, 'bib-duplicate-key'));
    } else {
      firstLine.set(k, s.line);
    }
    if (s.key === '')
      problems.push(
        problem(
          file,
          { line: s.line, column: 1 },
          'BibTeX entry has no key: write `@article{smith2020title,`',
          'bib-syntax',
        ),
      );
  }
  return duplicates;
}

/**
 * Keys name paper pages (papers/<slug>/) and are written in notes as [@key]: returns the offsets of keys that
 * cannot.
 */
function invalidKeys(starts: EntryStart[], duplicates: Set<number>, file: string, problems: Problem[]): Set<number> {
  const bad = new Set<number>();
  const slugOwner = new Map<string, EntryStart>();
  for (const s of starts) {
    if (s.key === '' || duplicates.has(s.offset)) continue;
    const chars = [...new Set(s.key.replace(/[\p{L}\p{N}_:./+-]/gu, ''))];
    const slug = paperSlug(s.key);
    const at = { line: s.line, column: 1 };
    if (!keyPattern.test(s.key) || slug === '') {
      bad.add(s.offset);
      const why =
        chars.length > 0
          ? `has characters a key cannot have (${chars.map((c) => `"${c}"`).join(' ')})`
          : 'has no letter or digit';
      problems.push(
        problem(
          file,
          at,
          `BibTeX key "${s.key}" ${why}: use letters, digits and _ : . / + - only, e.g. smith2020title`,
          'bib-invalid-key',
        ),
      );
      continue;
    }
    const owner = slugOwner.get(slug.toLowerCase());
    if (owner) {
      bad.add(s.offset);
      const message =
        `BibTeX keys "${owner.key}" (line ${owner.line}) and "${s.key}" would share the page papers/${slug}/: ` +
        'rename one of them';
      problems.push(problem(file, at, message, 'bib-key-collision'));
    } else slugOwner.set(slug.toLowerCase(), s);
  }
  return bad;
}

/** One parsed entry as a paper, or undefined with its problems reported. */
function paperOf(
  entry: ParsedEntry,
  start: EntryStart,
  bibtex: string,
  file: string,
  problems: Problem[],
): Paper | undefined {
  const at = { line: start.line, column: 1 };
  const fields = readFields(entry.fields);
  if (fields.missing.length > 0) {
    problems.push(
      problem(file, at, `BibTeX entry "${entry.key}" is missing ${fields.missing.join(', ')}`, 'bib-missing-field'),
    );
    return undefined;
  }
  const invalid = invalidFields(entry.key, fields);
  for (const message of invalid) problems.push(problem(file, at, message, 'bib-invalid-field'));
  if (invalid.length > 0) return undefined;
  const { title, authors, yearText, venue, arxiv, doi, url } = fields;
  const f = entry.fields;
  return {
    key: entry.key,
    type: entry.type.toLowerCase(),
    title: title as string,
    authors,
    year: Number(yearText),
    venue: venue as string,
    arxiv,
    doi,
    url,
    abstract: plain(f.abstract),
    note: plain(f.note),
    tags: (f.keywords ?? []).map((k) => restore(k).trim()).filter(Boolean),
    line: start.line,
    bibtex,
  };
}

/**
 * Parses a BibTeX file into papers and reports, with line numbers: syntax errors, duplicate keys,
 * missing required fields (title, author, year, a venue, and one of eprint/doi/url) and malformed
 * identifiers. Entries with errors are left out of `papers`.
 */
export function parseBibliography(source: string, file: string): { papers: Paper[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const starts = scanEntryStarts(source);
  const library = parse(protect(source), { sentenceCase: false, english: false, unsupported: 'ignore' });
  const broken = syntaxProblems(library, source, starts, file, problems);
  const duplicates = duplicateKeys(starts, file, problems);
  const badKeys = invalidKeys(starts, duplicates, file, problems);
  const papers: Paper[] = [];
  let cursor = 0;
  for (const entry of library.entries) {
    // Match the parsed entry to its start in the source, in order.
    const start = starts.find((s) => s.offset >= cursor && s.key === entry.key);
    if (!start) continue;
    cursor = start.offset + 1;
    if (broken.has(start.offset) || duplicates.has(start.offset) || badKeys.has(start.offset)) continue;
    const next = starts.find((s) => s.offset > start.offset);
    const paper = paperOf(
      entry,
      start,
      source.slice(start.offset, next ? next.offset : source.length).trim(),
      file,
      problems,
    );
    if (paper) papers.push(paper);
  }
  return { papers, problems };
}
