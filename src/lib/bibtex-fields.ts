import type { Creator, parse } from '@retorquere/bibtex-parser';
import type { Author } from './bibtex.ts';
import { plain, restore } from './bibtex-source.ts';

/**
 * A parsed BibTeX entry's fields as a paper needs them (title, authors, year, venue, identifiers),
 * which required ones it lacks, and which it has in a form the site cannot use.
 */

export type ParsedFields = ReturnType<typeof parse>['entries'][number]['fields'];

const venueFields = [
  'journal',
  'booktitle',
  'publisher',
  'institution',
  'school',
  'howpublished',
  'organization',
] as const;
const arxivId = /^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})(v\d+)?$/;
const doiPattern = /^10\.\d{4,9}\/\S+$/;

/** A name from the parser as an author: a family name, and given names when there are any. */
export function toAuthor(c: Creator): Author {
  const clean = (v: string | undefined) => (v === undefined ? undefined : restore(v).normalize('NFC'));
  if (c.name) return { family: clean(c.name) as string };
  const family = clean([c.prefix, c.lastName].filter(Boolean).join(' ')) as string;
  return { family: family || clean(c.firstName) || '', given: clean(c.firstName) || undefined };
}

/** The fields a paper is made of, as read from a parsed entry, and the required ones it lacks. */
export function readFields(f: ParsedFields) {
  const missing: string[] = [];
  const title = plain(f.title);
  if (!title) missing.push('title');
  const authors = (f.author ?? []).map(toAuthor).filter((a) => a.family !== '');
  if (authors.length === 0) missing.push('author');
  const yearText = plain(f.year) ?? plain(f.date)?.slice(0, 4);
  if (!yearText) missing.push('year');
  const venueField = venueFields.find(
    (v) => f[v] !== undefined && (Array.isArray(f[v]) ? f[v].length > 0 : plain(f[v] as string)),
  );
  const venueValue = venueField ? f[venueField] : undefined;
  const venue = Array.isArray(venueValue) ? venueValue.join(', ') : plain(venueValue as string | undefined);
  if (!venue) missing.push(`a venue (${venueFields.slice(0, 5).join(', ')} or howpublished)`);
  const eprint = plain(f.eprint);
  const arxiv = eprint && (!f.archiveprefix || /arxiv/i.test(f.archiveprefix)) ? eprint : undefined;
  const doi = plain(f.doi)?.replace(/^https?:\/\/(dx\.)?doi\.org\//, '');
  const url = plain(f.url);
  if (!arxiv && !doi && !url) missing.push('a link (eprint for an arXiv id, doi, or url)');
  return { missing, title, authors, yearText, venue, arxiv, doi, url };
}

/** What is wrong with the year and the identifiers of an entry, one message each. */
export function invalidFields(key: string, fields: ReturnType<typeof readFields>): string[] {
  const { yearText, arxiv, doi, url } = fields;
  const out: string[] = [];
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText ?? '') || year < 1600 || year > 2100) {
    const fix = /^\d{4}$/.test(yearText ?? '')
      ? 'it must be between 1600 and 2100'
      : 'write four digits, e.g. year = {2019}';
    out.push(`BibTeX entry "${key}" has year "${yearText}": ${fix}`);
  }
  if (arxiv && !arxivId.test(arxiv))
    out.push(`BibTeX entry "${key}" has eprint "${arxiv}", which is not an arXiv id like 1806.07572`);
  if (doi && !doiPattern.test(doi))
    out.push(`BibTeX entry "${key}" has doi "${doi}", which does not look like 10.xxxx/…`);
  if (url && !/^https?:\/\/\S+$/.test(url))
    out.push(`BibTeX entry "${key}" has url "${url}": write a full http(s):// address`);
  return out;
}
