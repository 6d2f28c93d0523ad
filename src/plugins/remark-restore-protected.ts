import type { Root } from 'mdast';
import { visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { restoreProtected } from '../lib/protect-markdown.ts';

/**
 * Puts back the characters protectMarkdown hid before parsing (pipes in table cells, dollars in
 * wikilinks), in every literal node and in the copies mdast-util-math makes of formulas.
 */
export default function remarkRestoreProtected() {
  return (tree: Root, file: VFile) => {
    if (!file.data.note?.protected) return;
    visit(tree, (node) => {
      if ('value' in node && typeof node.value === 'string') node.value = restoreProtected(node.value);
      for (const child of (node.data as { hChildren?: { value?: string }[] } | undefined)?.hChildren ?? []) {
        if (typeof child.value === 'string') child.value = restoreProtected(child.value);
      }
    });
  };
}
