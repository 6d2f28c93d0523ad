import type { Root, Text } from 'mdast';
import type { InlineMath } from 'mdast-util-math';
import { SKIP, visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { report, startOf } from './note-file.ts';

/**
 * remark-math reads any two single dollars on a line as a formula, so "between $5 and $10" becomes
 * math. Pandoc's rule tells prices from formulas: an opening `$` is followed by a non-space, a
 * closing `$` is preceded by a non-space and not followed by a digit. A single-dollar formula that
 * breaks the rule is put back as the text it was, with a warning saying how to write either.
 */
export default function remarkDollarText() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value ?? '');
    visit(tree, 'inlineMath', (node: InlineMath, index, parent) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined || !parent || index === undefined) return undefined;
      const written = source.slice(start, end);
      if (!written.startsWith('$') || written.startsWith('$$')) return undefined;
      const inner = written.slice(1, -1);
      const price = /^\s/.test(inner) || /\s$/.test(inner) || /\d/.test(source[end] ?? '');
      if (!price) return undefined;
      report(
        file,
        startOf(node),
        `"${written.length > 40 ? `${written.slice(0, 37)}…` : written}" is read as text, not a formula ` +
          '(a "$" next to a space or before a digit, as in prices). ' +
          'For a formula, write $x$ with no space inside the dollars; for dollar amounts, write \\$5',
        'dollar-text',
        'warning',
      );
      const text: Text = { type: 'text', value: written, position: node.position };
      parent.children.splice(index, 1, text);
      return [SKIP, index + 1];
    });
  };
}
