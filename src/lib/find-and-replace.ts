import type { Nodes, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { findAndReplace as library } from 'mdast-util-find-and-replace';
import { convert } from 'unist-util-is';
import { SKIP, visitParents } from './walk.ts';

/**
 * mdast-util-find-and-replace's `findAndReplace` (3.0), on the lean tree walk (walk.ts): the same
 * matching, the same replacements (a string, a node, a list of nodes, or false to skip a match),
 * the same merging of adjacent text, the same `ignore`, and the library's types. The wikilinks and
 * citations steps each search every text node of every note with it; with the library's walk that
 * was 0.7 s of each render thread at 1,000 notes. tests/unit/find-and-replace.test.ts compares the
 * two on random trees. Patterns are regular expressions (strings are not escaped here: no caller
 * passes one).
 */
export const findAndReplace = ((tree: Nodes, list: unknown, options?: { ignore?: unknown }) => {
  const ignored = convert((options?.ignore ?? []) as never);
  const pairs = toPairs(list);
  for (const [find, replace] of pairs) {
    const handler = (node: Text, parents: Parent[], index: number): number => {
      const parent = parents[parents.length - 1];
      let start = 0;
      let change = false;
      let nodes: PhrasingContent[] = [];
      const add = (child: PhrasingContent) => {
        const previous = nodes[nodes.length - 1];
        if (previous && previous.type === 'text' && child.type === 'text') previous.value += child.value;
        else nodes.push(child);
      };
      find.lastIndex = 0;
      let match = find.exec(node.value);
      while (match) {
        const position = match.index;
        const matchObject = { index: match.index, input: match.input, stack: [...parents, node] };
        let value = replace(...match, matchObject) as unknown;
        if (typeof value === 'string') value = value.length > 0 ? { type: 'text', value } : undefined;
        if (value === false) {
          find.lastIndex = position + 1;
        } else {
          if (start !== position) add({ type: 'text', value: node.value.slice(start, position) });
          if (Array.isArray(value)) for (const child of value) add(child as PhrasingContent);
          else if (value) add(value as PhrasingContent);
          start = position + match[0].length;
          change = true;
        }
        if (!find.global) break;
        match = find.exec(node.value);
      }
      if (change) {
        if (start < node.value.length) add({ type: 'text', value: node.value.slice(start) });
        parent.children.splice(index, 1, ...(nodes as never[]));
      } else {
        nodes = [node];
      }
      return index + nodes.length;
    };
    visitParents(tree as Root, (node: Nodes, parents: Parent[], index?: number) => {
      if (node.type === 'text' && typeof index === 'number') return handler(node, parents, index);
      if (ignored(node as never, index, parents[parents.length - 1] as never)) return SKIP;
      return undefined;
    });
  }
}) as typeof library;

type Replace = (...args: unknown[]) => unknown;

function toPairs(list: unknown): [RegExp, Replace][] {
  if (!Array.isArray(list)) throw new TypeError('Expected find and replace tuple or list of tuples');
  const tuples = (!list[0] || Array.isArray(list[0]) ? list : [list]) as [RegExp | string, unknown][];
  return tuples.map(([find, replace]) => {
    if (typeof find === 'string') throw new TypeError('findAndReplace here takes regular expressions only');
    return [find, typeof replace === 'function' ? (replace as Replace) : () => replace];
  });
}
