import { convert } from 'unist-util-is';
import { EXIT, SKIP } from 'unist-util-visit-parents';
import type { visitParents as visitParentsType } from 'unist-util-visit-parents';
import type { visit as visitType } from 'unist-util-visit';

export { CONTINUE, EXIT, SKIP } from 'unist-util-visit-parents';

/*
 * unist-util-visit and unist-util-visit-parents, for the site's own plugins: the same walk, the same
 * visitor contract (CONTINUE, SKIP, EXIT, an index to go on from, a [action, index] tuple), the same
 * order, reverse included, and the same types (the libraries' own). What differs is the cost per
 * node: the libraries make a closure for every node they visit and name it for debugging with
 * Object.defineProperty and a coloured label. A CPU profile of the render threads (1,000 notes)
 * found a fifth of each thread's time in that walk, across the dozen passes each note goes
 * through. Only function visitors are supported (no { enter, exit } objects: no plugin here uses them).
 */

interface UnistNode {
  type: string;
  children?: UnistNode[];
}
type Result = readonly [action?: unknown, index?: number];
type Enter = (node: UnistNode, parents: UnistNode[], index: number | undefined) => unknown;

const EMPTY: Result = [];

function toResult(value: unknown): Result {
  if (Array.isArray(value)) return value as unknown as Result;
  if (typeof value === 'number') return [true, value];
  return value === null || value === undefined ? EMPTY : [value];
}

function walk(tree: UnistNode, test: unknown, enter: Enter, reverse: boolean): void {
  if (!tree || typeof tree !== 'object')
    throw new Error(`Unexpected value \`${String(tree)}\` for \`tree\`, expected node`);
  const is = test === undefined || test === null ? undefined : convert(test as never);
  const step = reverse ? -1 : 1;
  const one = (node: UnistNode, index: number | undefined, parents: UnistNode[]): Result => {
    let result = EMPTY;
    if (!is || is(node as never, index, parents[parents.length - 1] as never)) {
      result = toResult(enter(node, parents, index));
      if (result[0] === EXIT) return result;
    }
    const children = node.children;
    if (children && result[0] !== SKIP) {
      // As in unist-util-visit-parents: each level gets its own ancestors array, so a visitor may keep it.
      const grandparents = [...parents, node];
      let offset = reverse ? children.length - 1 : 0;
      while (offset > -1 && offset < children.length) {
        const sub = one(children[offset], offset, grandparents);
        if (sub[0] === EXIT) return sub;
        offset = typeof sub[1] === 'number' ? sub[1] : offset + step;
      }
    }
    return result;
  };
  one(tree, undefined, []);
}

function args(a: unknown, b: unknown, c: unknown): { test: unknown; visitor: Function; reverse: boolean } {
  if (typeof b === 'function') return { test: a, visitor: b, reverse: Boolean(c) };
  if (typeof a !== 'function')
    throw new Error('Expected a visitor function (objects with enter and exit are not supported)');
  return { test: undefined, visitor: a, reverse: Boolean(b) };
}

/** unist-util-visit-parents' `visitParents`: the visitor gets the node, its ancestors and its index. */
export const visitParents = ((tree: UnistNode, a: unknown, b?: unknown, c?: unknown) => {
  const { test, visitor, reverse } = args(a, b, c);
  walk(tree, test, (node, parents, index) => visitor(node, parents, index), reverse);
}) as unknown as typeof visitParentsType;

/** unist-util-visit's `visit`: the visitor gets the node, its index and its parent. */
export const visit = ((tree: UnistNode, a: unknown, b?: unknown, c?: unknown) => {
  const { test, visitor, reverse } = args(a, b, c);
  walk(tree, test, (node, parents, index) => visitor(node, index, parents[parents.length - 1]), reverse);
}) as unknown as typeof visitType;
