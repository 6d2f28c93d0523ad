import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/**
 * Wraps tables in boxes that scroll sideways on narrow screens instead of widening the page
 * (display math gets its box from rehype-katex-cached). The boxes are focusable so keyboard users
 * can scroll them too.
 */
export default function rehypeScrollWrappers() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || typeof index !== 'number') return;
      if (node.tagName !== 'table') return;
      const wrapper: Element = {
        type: 'element',
        // A labelled <section> is a region landmark: keyboard users can find and scroll it.
        tagName: 'section',
        properties: { className: ['table-scroll'], tabIndex: 0, ariaLabel: 'Table (scrolls sideways)' },
        children: [node],
      };
      parent.children.splice(index, 1, wrapper);
      return SKIP;
    });
  };
}
