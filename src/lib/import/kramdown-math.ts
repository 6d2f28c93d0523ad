import type { Change, Finding, PassResult } from './report.ts';
import { snippet } from './report.ts';
import { inRanges } from '../ranges.ts';
import { literalRanges, parseMarkdown } from './markdown-tree.ts';

/**
 * Math written for kramdown, which has one delimiter, `$$`: inside a sentence it is inline math,
 * and alone between blank lines it is a display block, even on one line or with the formula on
 * the `$$` lines. This site reads `$…$` as inline math and `$$` on a line of its own as a display
 * block; a `$$ x` opening line would read as a block that never closes. Each pair is rewritten to
 * what kramdown meant; `$$` blocks already on their own lines are left as they are.
 */

const lineStartOf = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEndOf = (text: string, at: number) => {
  const n = text.indexOf('\n', at);
  return n === -1 ? text.length : n;
};
/** Blank, or only blockquote markers. */
const blank = (line: string) => /^[\s>]*$/.test(line);

/** The `$$` delimiters outside code, not escaped. */
function delimiters(text: string): number[] {
  const code = literalRanges(parseMarkdown(text, false));
  const found: number[] = [];
  for (let i = text.indexOf('$$'); i !== -1; i = text.indexOf('$$', i + 2)) {
    if (text[i - 1] === '\\' || inRanges(code, i)) continue;
    found.push(i);
  }
  return found;
}

/** True when the lines before `start` and after `end` are blank (or the text ends there). */
function standsAlone(text: string, open: number, close: number): boolean {
  const first = lineStartOf(text, open);
  const last = lineEndOf(text, close + 2);
  const before = first === 0 || blank(text.slice(lineStartOf(text, first - 1), first - 1));
  const after = last === text.length || blank(text.slice(last + 1, lineEndOf(text, last + 1)));
  return before && after && blank(text.slice(first, open)) && blank(text.slice(close + 2, last));
}

/** Rewrites one `$$` pair, or returns nothing when it is already a block on its own lines. */
function rewritePair(text: string, open: number, close: number): Change[] {
  const content = text.slice(open + 2, close);
  const openAlone =
    blank(text.slice(lineStartOf(text, open), open)) && blank(text.slice(open + 2, lineEndOf(text, open)));
  const closeAlone =
    blank(text.slice(lineStartOf(text, close), close)) && blank(text.slice(close + 2, lineEndOf(text, close)));
  if (openAlone && closeAlone && content.includes('\n')) return [];
  const written = snippet(`$$${content}$$`, 40);
  if (standsAlone(text, open, close)) {
    const lead = /^[ \t]*/.exec(content)?.[0].length ?? 0;
    const trail = /[ \t]*$/.exec(content)?.[0].length ?? 0;
    const changes: Change[] = [];
    if (!openAlone)
      changes.push({
        start: open + 2,
        end: open + 2 + lead,
        insert: '\n',
        message: `display math ${written} put on lines of its own`,
        rule: 'math',
        at: open,
      });
    if (!closeAlone)
      changes.push({
        start: close - trail,
        end: close,
        insert: '\n',
        message: openAlone ? `display math ${written} put on lines of its own` : undefined,
        rule: 'math',
        at: open,
      });
    return changes;
  }
  const inner = content.trim();
  if (inner === '') return [];
  return [
    {
      start: open,
      end: close + 2,
      insert: `$${inner}$`,
      message: `kramdown inline math ${written} written as $…$`,
      rule: 'math',
    },
  ];
}

/** Rewrites kramdown's `$$` math for this site. */
export function convertKramdownMath(text: string): PassResult {
  if (!text.includes('$$')) return { changes: [], findings: [] };
  const marks = delimiters(text);
  const changes: Change[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i + 1 < marks.length; i += 2) {
    const [open, close] = [marks[i], marks[i + 1]];
    if (text.slice(open + 2, close).includes('$')) {
      findings.push({
        at: open,
        message:
          `math ${snippet(text.slice(open, close + 2), 40)} holds a "$" and was left as written; ` +
          'check how it renders',
        rule: 'math',
        look: true,
      });
      continue;
    }
    changes.push(...rewritePair(text, open, close));
  }
  if (marks.length % 2 === 1) {
    findings.push({
      at: marks[marks.length - 1],
      message: 'a "$$" with no closing "$$" was left as written; close the formula or write \\$ for a dollar sign',
      rule: 'math',
      look: true,
    });
  }
  return { changes, findings };
}
