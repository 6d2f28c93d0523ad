import type { Heading, List, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from '../walk.ts';
import type { Change } from './report.ts';
import { rangeOf } from './markdown-tree.ts';
import { removalRange } from './text-edits.ts';

/**
 * kramdown's markers, which this site would print as text: attribute lists (`{: .note}`,
 * `{:.no_toc}`), heading ids (`## Title {#id}`), and the generated table of contents (a `* TOC`
 * list followed by `{:toc}`; the site shows its own contents beside every note).
 */

const attributeList = /\{:[^}\n]*\}/g;
/** `{#id}` at the end of a heading. */
export const headingIdPattern = /[ \t]*\{#([A-Za-z][\w:.-]*)\}[ \t]*$/;

/** The id a kramdown attribute list gives (`{: #custom .note}` → `custom`). */
export function idInAttributes(list: string): string | undefined {
  return /(?:^|\s|:)#([A-Za-z][\w:.-]*)/.exec(list.slice(2, -1))?.[1];
}

/** True for a list that is kramdown's table-of-contents placeholder. */
function isTocList(list: List): boolean {
  return /^(?:TOC|Table of contents)\s*\{:\s*toc\s*\}$/i.test(toString(list).trim());
}

/** Edits that remove kramdown markers from a parsed text. */
export function removeKramdownMarkers(text: string, tree: Root): Change[] {
  const changes: Change[] = [];
  visit(tree, 'list', (node: List) => {
    const r = rangeOf(node);
    if (!r || !isTocList(node)) return;
    const [start, end] = removalRange(text, r[0], r[1]);
    changes.push({
      start,
      end,
      insert: '',
      message: 'removed the kramdown table of contents (a "TOC" list and {:toc}); the site shows its own contents',
      rule: 'kramdown',
      at: r[0],
    });
  });
  visit(tree, 'heading', (node: Heading) => {
    const r = rangeOf(node);
    const id = r ? headingIdPattern.exec(text.slice(r[0], r[1])) : null;
    if (!r || !id) return;
    const at = r[0] + id.index;
    changes.push({
      start: at,
      end: at + id[0].length,
      insert: '',
      message: `removed kramdown heading id {#${id[1]}} (links to it now go to the heading)`,
      rule: 'kramdown',
      at: at + id[0].indexOf('{'),
    });
  });
  visit(tree, 'text', (node: Text) => {
    const r = rangeOf(node);
    if (!r || !text.slice(r[0], r[1]).includes('{:')) return;
    for (const m of text.slice(r[0], r[1]).matchAll(attributeList)) {
      const at = r[0] + m.index;
      const [start, end] = removalRange(text, at, at + m[0].length);
      const what = /^\{:\s*toc\s*\}$/.test(m[0])
        ? 'table of contents marker'
        : m[0].startsWith('{::')
          ? 'extension'
          : 'attribute list';
      changes.push({ start, end, insert: '', message: `removed kramdown ${what} ${m[0]}`, rule: 'kramdown', at });
    }
  });
  return changes;
}
