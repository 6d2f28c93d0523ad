import type { Link, Nodes, PhrasingContent, Root } from 'mdast';
import { findAndReplace } from '../lib/find-and-replace.ts';
import type { VFile } from 'vfile';
import { narrativeCitationPattern, parseBracketCitation, type CitationLabel } from '../lib/citations.ts';
import { didYouMean } from '../lib/problems.ts';
import { paperSlug, paperUrl } from '../lib/slugs.ts';
import { contextBlock, inFile, locateMatch, noteData, report, type FoundCitation } from './note-file.ts';

export interface CitationOptions {
  /** key → label; the keys are every paper in the bibliography. */
  labels: ReadonlyMap<string, CitationLabel>;
  base: string;
  /**
   * False when the bibliography could not be read at all: that one problem is reported on the
   * bibliography, not once per citation of every note.
   */
  checkKeys?: boolean;
}

type Place = ReturnType<typeof locateMatch>;
type Match = { index: number; stack: Nodes[] };

/** What the two citation passes share for one note. */
interface CitePass {
  data: ReturnType<typeof noteData>;
  source: string;
  labels: ReadonlyMap<string, CitationLabel>;
  /** A link to a paper's page, recorded as a citation of the note (with its context and anchor to come). */
  cite: (key: string, text: string, stack: Nodes[], place: Place) => Link;
  /** Reports an unknown key. */
  unknown: (key: string, place: Place) => void;
}

/** `[@a, p. 7; see @b]`: author–year in parentheses; left as written, and reported, when a key is unknown. */
function bracketCitations(pass: CitePass) {
  const { data, source, labels } = pass;
  return (whole: string, inner: string, match: Match) => {
    const items = parseBracketCitation(inner);
    if (!items) return false;
    const place = locateMatch(data, source, match.stack, whole);
    for (const item of items) data.deps.keys.push(item.key);
    const missing = items.filter((item) => !labels.has(item.key));
    if (missing.length > 0) {
      for (const item of missing) pass.unknown(item.key, place);
      // Keep the text as written, shielded from the narrative pass below.
      return {
        type: 'citeUnresolved',
        children: [{ type: 'text', value: whole }],
        data: { hName: 'span' },
      } as unknown as PhrasingContent;
    }
    const out: PhrasingContent[] = [{ type: 'text', value: '(' }];
    items.forEach((item, i) => {
      const label = labels.get(item.key) as CitationLabel;
      if (i > 0) out.push({ type: 'text', value: '; ' });
      if (item.prefix) out.push({ type: 'text', value: `${item.prefix} ` });
      out.push(
        pass.cite(item.key, item.suppressAuthor ? label.year : `${label.authors}, ${label.year}`, match.stack, place),
      );
      if (item.locator) out.push({ type: 'text', value: `, ${item.locator}` });
    });
    out.push({ type: 'text', value: ')' });
    return {
      type: 'emphasis',
      children: out,
      data: { hName: 'span', hProperties: { className: ['cite-group'] } },
    } as unknown as PhrasingContent;
  };
}

/** Narrative `@key`: "Author (year)"; `\@word` stays a literal at-sign. */
function narrativeCitations(pass: CitePass) {
  const { data, source, labels } = pass;
  return (whole: string, key: string, match: Match): PhrasingContent | PhrasingContent[] | false => {
    const place = locateMatch(data, source, match.stack, whole);
    if (place.offset !== undefined && source[place.offset - 1] === '\\') return false;
    // Trailing punctuation is not part of a key ("@smith2020." ends a sentence).
    const trimmed = key.replace(/[:.#$%&+?<>~/-]+$/, '');
    const rest = key.slice(trimmed.length);
    data.deps.keys.push(trimmed);
    const label = labels.get(trimmed);
    if (!label) {
      pass.unknown(trimmed, place);
      return false;
    }
    const link = pass.cite(trimmed, `${label.authors} (${label.year})`, match.stack, place);
    return rest ? [link, { type: 'text', value: rest }] : link;
  };
}

/**
 * Bracketed and narrative citations are found in two passes: number them in reading order, so
 * `cite-<key>-1` (where a paper's "Cited in" lands) is the first citation a reader meets.
 */
function numberInReadingOrder(made: { node: Link; found: FoundCitation }[], citations: FoundCitation[]): void {
  const byPlace = (a: FoundCitation, b: FoundCitation) => a.line - b.line || a.column - b.column;
  made.sort((a, b) => byPlace(a.found, b.found));
  citations.sort(byPlace);
  const seen = new Map<string, number>();
  for (const { node, found } of made) {
    const n = (seen.get(found.key) ?? 0) + 1;
    seen.set(found.key, n);
    found.anchor = `cite-${paperSlug(found.key)}-${n}`;
    node.data = { hProperties: { id: found.anchor, ...node.data?.hProperties } };
  }
}

/**
 * Pandoc-style citations: `[@key]`, `[@key, p. 7]`, `[see @a; @b]`, `[-@key]` and narrative `@key`.
 * Rendered author–year and linked to the paper's page. An unknown key is reported with the nearest
 * valid key. A narrative `@` can be kept literal by escaping it: `\@`.
 */
export default function remarkCitations(options: CitationOptions) {
  const { labels, base } = options;
  const keys = [...labels.keys()];
  return (tree: Root, file: VFile) => {
    const data = noteData(file);
    const made: { node: Link; found: FoundCitation }[] = [];
    const cite: CitePass['cite'] = (key, text, stack, place) => {
      const linkData = { hProperties: { className: ['citation'], dataCite: key } };
      const node: Link = {
        type: 'link',
        url: paperUrl(base, key),
        children: [{ type: 'text', value: text }],
        data: linkData,
      };
      const found = { key, ...inFile(data, place), context: '', anchor: '' };
      made.push({ node, found });
      data.citations.push(found);
      const block = contextBlock(stack);
      if (block) data.pendingContexts.push({ block, node, record: found });
      return node;
    };
    const unknown: CitePass['unknown'] = (key, place) => {
      if (options.checkKeys === false) return;
      report(
        file,
        place,
        `unknown citation key "@${key}": it is not in content/references.bib.${didYouMean(key, keys)}`,
        'unknown-citation',
      );
    };
    const pass: CitePass = { data, source: String(file.value ?? ''), labels, cite, unknown };
    findAndReplace(
      tree,
      [
        [/\[([^[\]\n@]*@[^[\]\n]*)\]/g, bracketCitations(pass)],
        [narrativeCitationPattern, narrativeCitations(pass)],
      ],
      { ignore: ['link', 'linkReference', 'definition', 'citeUnresolved' as 'link'] },
    );
    numberInReadingOrder(made, data.citations);
  };
}
