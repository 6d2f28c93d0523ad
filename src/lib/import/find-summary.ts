import { noteFrontmatterSchema } from '../../schemas/note.ts';
import type { TitleSource } from './convert.ts';
import type { PreparedNote } from './prepare.ts';
import type { ImportEntry } from './report.ts';
import { firstParagraph, summaryOfParagraph, summaryOfText } from './summary.ts';

const SUMMARY_MAX = noteFrontmatterSchema.shape.summary.maxLength ?? 300;

const texNote = '; some formulas stayed TeX (the summary is plain text): reword it';

/** The summary: from the frontmatter, else the first paragraph, else a placeholder to rewrite. */
export function findSummary(note: PreparedNote, title: TitleSource, titleText: string, entries: ImportEntry[]): string {
  const remark = (line: number, column: number, message: string, look: boolean) =>
    entries.push({ file: note.display, line, column, message, rule: 'summary', look });
  const key = ['summary', 'description', 'excerpt'].find(
    (k) => typeof note.data[k] === 'string' && (note.data[k] as string).trim() !== '',
  );
  if (key) {
    const written = String(note.data[key]).replace(/\s+/g, ' ').trim();
    const { summary, hasTex } = summaryOfText(written, SUMMARY_MAX);
    const place = note.keyPlace(key);
    const how =
      summary.length < written.length
        ? `, shortened to ${summary.length} characters`
        : summary !== written
          ? ', written as plain text'
          : '';
    if (how || key !== 'summary' || hasTex)
      remark(place.line, place.column, `summary taken from "${key}"${how}${hasTex ? texNote : ''}`, hasTex);
    return summary;
  }
  const paragraph = firstParagraph(note.tree, title.heading);
  if (!paragraph) {
    remark(
      1,
      1,
      'the note has no paragraph to take a summary from; ' +
        'the summary says only what the note is about: write one or two sentences',
      true,
    );
    return `Notes on ${titleText}.`;
  }
  const { summary, hasMath, hasTex } = summaryOfParagraph(paragraph, SUMMARY_MAX);
  const at = note.place(paragraph.position?.start.offset ?? 0);
  remark(
    at.line,
    at.column,
    `summary taken from the first paragraph${hasTex ? texNote : hasMath ? ', its formulas written as text' : ''}`,
    hasTex,
  );
  return summary;
}
