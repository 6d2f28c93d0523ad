import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/**
 * Wraps tables and display math in boxes that scroll sideways on narrow screens instead of
 * widening the page. The boxes are focusable so keyboard users can scroll them too.
 */
export default function rehypeScrollWrappers() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || typeof index !== 'number') return;
      const cls = node.properties.className;
      const isDisplayMath = node.tagName === 'span' && Array.isArray(cls) && cls.includes('katex-display');
      if (node.tagName !== 'table' && !isDisplayMath) return;
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: isDisplayMath
          ? { className: ['math-display'], tabIndex: 0 }
          : { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: 'Table (scrolls sideways)' },
        children: [node],
      };
      parent.children.splice(index, 1, wrapper);
      return SKIP;
    });
  };
}
