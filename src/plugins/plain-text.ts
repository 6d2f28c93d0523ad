import type { PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { texToText } from '../lib/import/tex-text.ts';
import { expandMacros } from '../lib/katex-macros.ts';

/**
 * A title as plain text, for the glossary's terms and the results index: its formulas as readable
 * characters (`$\cH\Delta\cH$-divergence` reads "HΔH-divergence", not the TeX), the rest as written.
 */
export function plainText(nodes: PhrasingContent[]): string {
  const readable = (node: PhrasingContent): PhrasingContent =>
    node.type === 'inlineMath'
      ? { type: 'text', value: texToText(expandMacros(node.value)) }
      : 'children' in node
        ? ({ ...node, children: node.children.map(readable) } as PhrasingContent)
        : node;
  return toString({ type: 'paragraph', children: nodes.map(readable) }).trim();
}
