import type { Root } from 'mdast';
import { findAndReplace as library } from 'mdast-util-find-and-replace';
import { describe, expect, it } from 'vitest';
import { findAndReplace } from '../../src/lib/find-and-replace.ts';

/** A random paragraph-and-phrasing tree with text made of a few letters, seeded so a failure repeats. */
function randomTree(seed: number): Root {
  let s = seed;
  const rand = (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n;
  const text = () => ({ type: 'text', value: Array.from({ length: rand(12) }, () => 'ab[]@x '[rand(7)]).join('') });
  const phrasing = (depth: number): unknown => {
    const kind = depth > 2 ? 0 : rand(5);
    if (kind === 1) return { type: 'emphasis', children: [phrasing(depth + 1), text()] };
    if (kind === 2) return { type: 'link', url: '#', children: [text()] };
    if (kind === 3) return { type: 'inlineCode', value: 'ab' };
    return text();
  };
  const paragraphs = Array.from({ length: 1 + rand(4) }, () => ({
    type: 'paragraph',
    children: Array.from({ length: 1 + rand(6) }, () => phrasing(0)),
  }));
  return { type: 'root', children: paragraphs } as Root;
}

/** Replacements of every kind the library accepts, chosen by the match, so both sides choose alike. */
const replacers = [
  (whole: string) => `<${whole}>`,
  (whole: string) =>
    whole.length % 2 === 0 ? false : { type: 'emphasis', children: [{ type: 'text', value: whole }] },
  (whole: string) => [
    { type: 'text', value: '1' },
    { type: 'inlineCode', value: whole },
    { type: 'text', value: '2' },
  ],
  () => '',
  () => undefined,
  (_whole: string, ...rest: unknown[]) => {
    const m = rest[rest.length - 1] as { index: number; stack: { type: string }[] };
    return `${m.index}:${m.stack.map((n) => n.type).join('/')}`;
  },
];

describe('findAndReplace on the lean tree walk (src/lib/find-and-replace.ts)', () => {
  it('makes exactly the tree mdast-util-find-and-replace makes', () => {
    for (let seed = 1; seed <= 300; seed++)
      for (let r = 0; r < replacers.length; r++) {
        const list = [
          [/a+b?/g, replacers[r]],
          [/\[(@?x*)\]/g, replacers[(r + 1) % replacers.length]],
          [/x/, replacers[(r + 2) % replacers.length]],
        ];
        const ignore = seed % 3 === 0 ? ['link'] : seed % 3 === 1 ? ['emphasis', 'link'] : undefined;
        const mine = randomTree(seed);
        const theirs = randomTree(seed);
        findAndReplace(mine, list as never, ignore ? { ignore: ignore as never } : undefined);
        library(theirs, list as never, ignore ? { ignore: ignore as never } : undefined);
        expect(mine).toEqual(theirs);
      }
  });

  it('takes a single tuple as well as a list', () => {
    const mine = randomTree(5);
    const theirs = randomTree(5);
    findAndReplace(mine, [/b/g, 'B']);
    library(theirs, [/b/g, 'B']);
    expect(mine).toEqual(theirs);
  });
});
