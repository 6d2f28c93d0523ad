import type { Element, Nodes, Root, RootContent } from 'hast';
import { raw } from 'hast-util-raw';
import type { VFile } from 'vfile';
import { checkHtmlElement, type HtmlContext } from '../lib/html-policy.ts';
import { noteData, report, startOf } from './note-file.ts';

/**
 * Turns a note's inline HTML into elements (hast-util-raw, the HTML parser browsers use) and keeps
 * only what src/lib/html-policy.ts allows, reporting everything else at its line and column.
 * Elements made from the note's Markdown are marked before parsing, so only the author's own HTML is
 * checked. Notes without inline HTML skip all of this (most notes: parsing costs a tree rebuild).
 */

/** Marks elements that came from Markdown (a data attribute survives the HTML parser's round trip). */
const MARK = 'dataDltMarkdown';

export default function rehypeSafeHtml(options: HtmlContext) {
  return (tree: Root, file: VFile): Root | undefined => {
    if (!hasRaw(tree)) return undefined;
    mark(tree);
    const parsed = raw(tree, { file }) as Root;
    clean(parsed, file, options);
    return parsed;
  };
}

function hasRaw(node: Nodes): boolean {
  if (node.type === 'raw') return true;
  return 'children' in node && node.children.some(hasRaw);
}

function mark(node: Nodes): void {
  if (node.type === 'element') node.properties[MARK] = '';
  if ('children' in node) for (const child of node.children) mark(child);
}

/** Removes comments and marks, checks the author's elements, and drops what is refused. */
function clean(parent: Root | Element, file: VFile, ctx: HtmlContext): void {
  const kept: RootContent[] = [];
  for (const child of parent.children) {
    if (child.type === 'comment' || child.type === 'doctype') continue;
    if (child.type !== 'element') {
      kept.push(child);
      continue;
    }
    if (MARK in child.properties) {
      delete child.properties[MARK];
      clean(child, file, ctx);
      kept.push(child);
      continue;
    }
    const { refusals, keep, figure } = checkHtmlElement(child, ctx);
    if (figure) noteData(file).deps.figures.push(figure);
    for (const r of refusals) report(file, startOf(child), `HTML: ${r.reason}`, r.rule);
    // A refused element goes with its content: the note fails anyway, and a <script>'s text is not prose.
    if (!keep) continue;
    clean(child, file, ctx);
    kept.push(child);
  }
  parent.children = kept as typeof parent.children;
}
