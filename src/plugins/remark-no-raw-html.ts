import type { Html, Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { report, startOf } from './note-file.ts';

/**
 * Refuses raw HTML in notes. Notes are Markdown only, so nothing an author pastes can run in a
 * reader's browser: every HTML node is reported and removed before the note is rendered.
 */
export default function remarkNoRawHtml() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'html', (node: Html, index, parent) => {
      const snippet = node.value.trim().split('\n')[0].slice(0, 40);
      const dangerous = /<\s*(script|iframe|object|embed|style)\b|\son\w+\s*=|javascript:/i.test(node.value);
      report(file, startOf(node), `raw HTML is not allowed in notes${dangerous ? ' (and this would run code in the reader\'s browser)' : ''}: found \`${snippet}\`. Write Markdown instead; use $…$ for math and a figure in content/figures/ for pictures`,
          'raw-html',
      );
      if (parent && typeof index === 'number') {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return undefined;
    });
  };
}
