import type { Root } from 'mdast';
import { splitFrontmatter, type Place } from '../frontmatter.ts';
import { protectMarkdown } from '../protect-markdown.ts';
import { convertKramdownMath } from './kramdown-math.ts';
import { convertLiquid, type LiquidContext } from './liquid.ts';
import { parseMarkdown } from './markdown-tree.ts';
import { findingsOf, type Finding, type ImportEntry, type PassResult } from './report.ts';
import { applyEdits, identity, lineColumn, type OffsetMap } from './text-edits.ts';

/**
 * A source file read for import: its frontmatter, and its body after the two text passes that
 * must run before Markdown can be parsed the way the site parses it (Liquid, then kramdown's `$$`
 * math). Every remark made so far is located in the original file.
 */

/** A Markdown file of the folder being imported. */
export interface SourceFile {
  /** Path relative to the folder, with `/`. */
  path: string;
  text: string;
}

export interface PreparedNote {
  path: string;
  /** The path printed in the report. */
  display: string;
  /** The frontmatter keys and values ({} when there is none or it cannot be read). */
  data: Record<string, unknown>;
  /** Where a frontmatter key is written in the file. */
  keyPlace(key: string): Place;
  /** The body after Liquid and math are converted. */
  text: string;
  /** Its syntax tree, as the site reads it. */
  tree: Root;
  /** The file place of an offset in `text`. */
  place(at: number): Place;
  entries: ImportEntry[];
}

/** Runs one text pass and returns its output, with its findings mapped to the pass's input. */
function runPass(
  text: string,
  pass: (text: string) => PassResult,
): { text: string; back: OffsetMap; findings: Finding[] } {
  const { changes, findings } = pass(text);
  const out = applyEdits(text, changes);
  return { text: out.text, back: out.back, findings: [...findingsOf(out.applied), ...findings] };
}

/** Reads the frontmatter, reporting one that cannot be read (its keys are then not imported). */
function readFrontmatter(source: string, display: string, entries: ImportEntry[]) {
  const split = splitFrontmatter(source);
  const malformed = split.errors.find((e) => e.rule !== 'frontmatter-missing');
  if (malformed) {
    entries.push({
      file: display,
      ...malformed.place,
      message: `${malformed.message}; none of its keys were imported: fix it in the imported note`,
      rule: 'frontmatter',
      look: true,
    });
  }
  const data =
    split.data && typeof split.data === 'object' && !Array.isArray(split.data)
      ? (split.data as Record<string, unknown>)
      : {};
  if (split.data !== undefined && data !== split.data) {
    entries.push({
      file: display,
      line: 2,
      column: 1,
      message: 'the frontmatter is not a set of `key: value` lines and was not imported',
      rule: 'frontmatter',
      look: true,
    });
  }
  return { split, data };
}

/** Normalises a file's text, reads its frontmatter, and runs the Liquid and math passes on its body. */
export function prepareNote(file: SourceFile, display: string, ctx: LiquidContext): PreparedNote {
  const source = file.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const entries: ImportEntry[] = [];
  const { split, data } = readFrontmatter(source, display, entries);
  const body = split.errors.some((e) => e.rule === 'frontmatter-unclosed') ? source : split.body;
  const bodyStart = source.length - body.length;
  const filePlace = (bodyOffset: number) => lineColumn(source, bodyStart + bodyOffset);

  const liquid = runPass(body, (t) => convertLiquid(t, ctx));
  const math = runPass(liquid.text, convertKramdownMath);
  const toBody = (at: number) => liquid.back(math.back(at));
  const located = (findings: Finding[], back: OffsetMap) =>
    findings.map((f) => ({
      file: display,
      ...filePlace(back(f.at)),
      message: f.message,
      rule: f.rule,
      look: f.look === true,
    }));
  entries.push(...located(liquid.findings, identity), ...located(math.findings, liquid.back));

  return {
    path: file.path,
    display,
    data,
    keyPlace: (key) => split.locate([key], 'key'),
    text: math.text,
    // Parsed as the site parses (see src/lib/protect-markdown.ts): `|` and `$` inside `[[…]]` are
    // hidden behind same-length placeholders, so offsets are unchanged.
    tree: parseMarkdown(protectMarkdown(math.text)),
    place: (at) => filePlace(toBody(at)),
    entries,
  };
}
