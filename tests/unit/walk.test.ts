import type { Node, Parent } from 'unist';
import { visit as libVisit } from 'unist-util-visit';
import { visitParents as libVisitParents } from 'unist-util-visit-parents';
import { describe, expect, it } from 'vitest';
import { EXIT, SKIP, visit, visitParents } from '../../src/lib/walk.ts';

/** A random tree of `n` nodes (types a, b, c), with a seeded generator so failures repeat. */
function randomTree(seed: number, n: number): Parent {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const root: Parent = { type: 'root', children: [] };
  const parents: Parent[] = [root];
  for (let i = 0; i < n; i++) {
    const parent = parents[Math.floor(rand() * parents.length)];
    const type = ['a', 'b', 'c'][Math.floor(rand() * 3)];
    const node = rand() < 0.4 ? ({ type, children: [] } as Parent) : ({ type, value: i } as Node);
    parent.children.push(node as never);
    if ('children' in node) parents.push(node as Parent);
  }
  return root;
}

/**
 * A visitor that records what it sees and acts on it the way plugins do: skips some subtrees,
 * removes or inserts nodes and continues at an index, stops the walk.
 */
function recorder(log: string[], mode: number) {
  return (node: Node, index: number | undefined, parent: Parent | undefined) => {
    log.push(`${node.type}${'value' in node ? String(node.value) : ''}@${index}<${parent?.type ?? '-'}`);
    if (!parent || index === undefined) return undefined;
    const value = Number((node as { value?: number }).value ?? 0);
    if (mode === 1 && node.type === 'b') return SKIP;
    if (mode === 2 && node.type === 'c' && value % 3 === 0) {
      parent.children.splice(index, 1);
      return index;
    }
    if (mode === 3 && node.type === 'a' && value % 5 === 0 && !('children' in node)) {
      parent.children.splice(index, 1, { type: 'x', value: value + 0.5 } as never, { type: 'x', value } as never);
      return [SKIP, index + 2] as const;
    }
    if (mode === 4 && log.length > 40) return EXIT;
    return undefined;
  };
}

describe('the lean tree walk (src/lib/walk.ts)', () => {
  it('visits, skips, edits and stops exactly as unist-util-visit does', () => {
    for (let seed = 1; seed <= 60; seed++)
      for (const mode of [0, 1, 2, 3, 4])
        for (const test of [undefined, 'a', (n: Node) => n.type !== 'b'])
          for (const reverse of [false, true]) {
            const ours: string[] = [];
            const theirs: string[] = [];
            const mine = randomTree(seed, 120);
            const lib = randomTree(seed, 120);
            if (test === undefined) {
              visit(mine, recorder(ours, mode) as never, reverse);
              libVisit(lib, recorder(theirs, mode) as never, reverse);
            } else {
              visit(mine, test as never, recorder(ours, mode) as never, reverse);
              libVisit(lib, test as never, recorder(theirs, mode) as never, reverse);
            }
            expect(ours).toEqual(theirs);
            expect(mine).toEqual(lib);
          }
  });

  it('gives visitParents the same ancestors and index, and each level its own ancestors array', () => {
    const kept: Node[][] = [];
    const libKept: Node[][] = [];
    const seen: string[] = [];
    const libSeen: string[] = [];
    visitParents(randomTree(7, 200) as never, 'c', (node: Node, parents: Node[], index?: number) => {
      kept.push(parents);
      seen.push(`${node.type}:${parents.map((p) => p.type).join('/')}:${index}`);
    });
    libVisitParents(randomTree(7, 200) as never, 'c', (node: Node, parents: Node[], index?: number) => {
      libKept.push(parents);
      libSeen.push(`${node.type}:${parents.map((p) => p.type).join('/')}:${index}`);
    });
    expect(seen).toEqual(libSeen);
    expect(kept.map((p) => p.map((n) => n.type))).toEqual(libKept.map((p) => p.map((n) => n.type)));
  });
});
