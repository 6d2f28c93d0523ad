/**
 * The reading phase of a corpus load for the bibliography: content/references.bib parsed, its
 * keywords checked against the tags, every problem collected.
 */
import { parseBibliography, type Paper } from '../lib/bibtex.ts';
import { didYouMean, problem, type Problem } from '../lib/problems.ts';
import { CONTENT } from './content-files.ts';

/** The last bibliography parsed by this process, by its text. */
let lastBibliography: { text: string; parsed: ReturnType<typeof parseBibliography> } | undefined;

/**
 * The bibliography parsed, or the copy of its last parse when the text is unchanged. `npm run dev`
 * loads the whole corpus again after every edit, and parsing a bibliography of 473 papers (the
 * BibTeX parser and the TeX in its fields) took about 0.5–0.9 s of that, though an edit to a note
 * leaves references.bib as it was. Copies, so no caller can change what the next one gets.
 */
function parsedBibliography(text: string): ReturnType<typeof parseBibliography> {
  if (lastBibliography?.text !== text)
    lastBibliography = { text, parsed: parseBibliography(text, CONTENT.bibliography) };
  return structuredClone(lastBibliography.parsed);
}

/** Parses the bibliography and checks its keywords against the tags (`tagIds` undefined: tags unreadable). */
export function readBibliography(
  bibText: string | undefined,
  tagIds: ReadonlySet<string> | undefined,
  problems: Problem[],
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
  const bib = parsedBibliography(bibText);
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
