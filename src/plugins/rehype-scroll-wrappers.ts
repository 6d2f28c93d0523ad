import type { Element, Root } from 'hast';
import { SKIP, visit } from '../lib/walk.ts';

/**
 * Wraps tables in boxes that scroll sideways on narrow screens instead of widening the page
 * (display math gets its box from rehype-katex-cached). The boxes that do scroll become tab stops,
 * named for screen readers, in the browser (src/scripts/scroll-boxes.ts): a box that fits is not.
 */
export default function rehypeScrollWrappers() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || typeof index !== 'number') return;
      if (node.tagName !== 'table') return;
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'] },
        children: [node],
      };
      parent.children.splice(index, 1, wrapper);
      return SKIP;
    });
  };
}
