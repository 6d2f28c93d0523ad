import type { Heading } from 'mdast';
import { type NoteInfo } from './catalog.ts';
import { convertCitations } from './citations.ts';
import type { FigureCopy } from './figures.ts';
import { convertImages } from './images.ts';
import { removeKramdownMarkers } from './kramdown.ts';
import { convertLinks } from './links.ts';
import { rangeOf } from './markdown-tree.ts';
import type { PreparedNote } from './prepare.ts';
import { findingsOf, type Change, type Finding, type ImportEntry } from './report.ts';
import type { Catalog } from './resolve.ts';
import { applyEdits, removalRange } from './text-edits.ts';

/**
 * The body of one imported note: kramdown markers removed, links, images and citations rewritten,
 * and the first heading removed when it became the title. All edits are made at once on the text,
 * so what no step touches is kept exactly as the author wrote it.
 */

export interface BodyContext {
  catalog: Catalog;
  citeKeys: ReadonlySet<string>;
  figureFor(path: string): FigureCopy;
}

/** How the title was found, for removing its heading and for the report. */
export interface TitleSource {
  from: 'frontmatter' | 'heading' | 'file';
  /** The level-1 heading the body starts with, if any. */
  heading?: Heading;
  /** The heading's text, when `heading` is set. */
  headingText?: string;
}

/** Removes the body's first heading when it is the title (or repeats the frontmatter's). */
function titleRemoval(note: PreparedNote, title: string, source: TitleSource): Change[] {
  const r = source.heading ? rangeOf(source.heading) : undefined;
  if (!r) return [];
  const same = source.headingText?.toLowerCase() === title.toLowerCase();
  if (source.from !== 'heading' && !same) return [];
  const [start, end] = removalRange(note.text, r[0], r[1]);
  const message =
    source.from === 'heading'
      ? `title "${title}" taken from the first heading, which was removed (the page shows the title above the note)`
      : `removed the first heading "${source.headingText}": it repeats the title`;
  return [{ start, end, insert: '', message, rule: 'title', at: r[0] }];
}

/** The converted body of a note and what was done to it, located in the source file. */
export function convertBody(
  note: PreparedNote,
  self: NoteInfo,
  title: TitleSource,
  ctx: BodyContext,
): { body: string; entries: ImportEntry[] } {
  const passes = [
    { changes: titleRemoval(note, self.title, title), findings: [] as Finding[] },
    { changes: removeKramdownMarkers(note.text, note.tree), findings: [] as Finding[] },
    convertLinks(note, { catalog: ctx.catalog, self }),
    convertImages(note, { catalog: ctx.catalog, self, figureFor: ctx.figureFor }),
    convertCitations(note, ctx.citeKeys),
  ];
  const { text, applied } = applyEdits(
    note.text,
    passes.flatMap((p) => p.changes),
  );
  const findings = [...findingsOf(applied), ...passes.flatMap((p) => p.findings)];
  const entries = findings.map((f) => ({
    file: note.display,
    ...note.place(f.at),
    message: f.message,
    rule: f.rule,
    look: f.look === true,
  }));
  return { body: `${text.replace(/^\s*\n/, '').trimEnd()}\n`, entries };
}
