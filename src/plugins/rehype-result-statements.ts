import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';

/**
 * Runs after KaTeX: keeps each result's statement as HTML (math rendered) in the note's results,
 * for the glossary and the results index, which show statements away from their note.
 */
export default function rehypeResultStatements() {
  return (tree: Root, file: VFile) => {
    const results = file.data.note?.results;
    if (!results?.length) return;
    const byLabel = new Map(results.map((r) => [r.label, r]));
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.dataResultKind !== 'string' || node.tagName !== 'section') return;
      const result = byLabel.get(String(node.properties.id));
      const body = node.children.find(
        (c): c is Element =>
          c.type === 'element' &&
          Array.isArray(c.properties.className) &&
          c.properties.className.includes('result-body'),
      );
      // Ids are dropped: the statement is shown on other pages, beside ids of their own.
      if (result && body)
        result.statementHtml = toHtml(body.children, { allowDangerousHtml: true }).replace(/ id="[^"]*"/g, '');
    });
  };
}
