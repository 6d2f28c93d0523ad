/**
 * The reading phase of a corpus load for the bibliography: content/references.bib parsed, its
 * keywords checked against the tags, every problem collected.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseBibliography, type Paper } from '../lib/bibtex.ts';
import { texFields } from '../lib/bibtex-export.ts';
import { didYouMean, problem, type Problem } from '../lib/problems.ts';
import { CONTENT } from './content-files.ts';
import { hashOf } from './fingerprint.ts';
import { readKeyed, writeKeyed, type KeyedCache } from './keyed-file.ts';

type Parsed = ReturnType<typeof parseBibliography>;

/** The last bibliography parsed by this process, by its text. */
let lastBibliography: { text: string; parsed: Parsed } | undefined;

/**
 * What a parse depends on besides the text: the site's library code (`renderer`, the renderer's
 * version, which hashes every file of src/lib/) and the BibTeX parser's version. A parse made by
 * other code is never reused.
 */
export async function bibliographyCode(renderer: string): Promise<string> {
  const parser = await readFile(
    new URL('../../node_modules/@retorquere/bibtex-parser/package.json', import.meta.url),
    'utf8',
  )
    .then((text) => (JSON.parse(text) as { version: string }).version)
    .catch(() => '?');
  return hashOf([renderer, parser]);
}

/**
 * The bibliography parsed, with each paper's exported fields in TeX (`tex`, see texFields): from
 * this process's last parse when the text is unchanged, else from the cache when a build parsed the
 * same text with the same code, else parsed now (and stored there). Parsing the 473 papers of this
 * site took 0.5–0.8 s and their TeX fields 0.45 s more, in every build (the render step, then Astro's
 * /references.bib), and after every edit in `npm run dev`, though an edit to a note leaves
 * references.bib as it was; the cached file is read in a few milliseconds. Copies, so no caller can
 * change what the next one gets.
 */
function parsedBibliography(text: string, cache?: KeyedCache): Parsed {
  if (lastBibliography?.text !== text) lastBibliography = { text, parsed: cachedParse(text, cache) };
  return structuredClone(lastBibliography.parsed);
}

function cachedParse(text: string, cache: KeyedCache | undefined): Parsed {
  const key = createHash('sha256')
    .update(cache?.code ?? '')
    .update(text)
    .digest('base64url');
  const cached = cache && readKeyed<Parsed>(cache.file, key);
  if (cached) return cached;
  const parsed = parseBibliography(text, CONTENT.bibliography);
  const tex = texFields(parsed.papers.map((p) => p.bibtex).join('\n\n'));
  for (const paper of parsed.papers) paper.tex = tex.get(paper.key) ?? {};
  // As the cache gives it back (no field set to undefined) whether or not there is a cache, so a
  // parse read from it is the same as this one.
  return writeKeyed(cache?.file, key, parsed);
}

/**
 * Parses the bibliography (see parsedBibliography) and checks its keywords against the tags
 * (`tagIds` undefined: tags unreadable).
 */
export function readBibliography(
  bibText: string | undefined,
  tagIds: ReadonlySet<string> | undefined,
  problems: Problem[],
  cache?: KeyedCache,
): Paper[] {
  if (bibText === undefined) {
    problems.push(
      problem(
        CONTENT.bibliography,
        undefined,
        'the bibliography is missing: create content/references.bib',
        'missing-file',
      ),
    );
    return [];
  }
  const bib = parsedBibliography(bibText, cache);
  problems.push(...bib.problems);
  for (const p of bib.papers)
    for (const t of p.tags) {
      if (tagIds && !tagIds.has(t))
        problems.push(
          problem(
            CONTENT.bibliography,
            { line: p.line, column: 1 },
            `"${p.key}" has keyword "${t}", which is not a tag in content/tags.yml.${didYouMean(t, tagIds)}`,
            'unknown-tag',
          ),
        );
    }
  return bib.papers;
}
