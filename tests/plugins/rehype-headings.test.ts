import type { Element, ElementContent, Root } from 'hast';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeSlug from 'rehype-slug';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { rehypeHeadingAnchors, rehypeHeadingIds } from '../../src/plugins/rehype-headings.ts';

/** A random note body as hast: paragraphs and headings (some with ids, classes, nested markup, repeated text). */
function randomTree(seed: number): Root {
  let s = seed;
  const rand = (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n;
  const words = ['Setup', 'Main result', 'Proof', 'NTK & μP', 'x < y', 'Setup', '', '  spaced  ', 'Ünïcode'];
  const inline = (): ElementContent[] => {
    const out: ElementContent[] = [{ type: 'text', value: words[rand(words.length)] }];
    if (rand(3) === 0)
      out.push({ type: 'element', tagName: 'em', properties: {}, children: [{ type: 'text', value: 'em' }] });
    if (rand(5) === 0) out.push({ type: 'element', tagName: 'br', properties: {}, children: [] });
    return out;
  };
  const children: ElementContent[] = [];
  for (let i = 0, n = 3 + rand(25); i < n; i++) {
    const tag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'H2', 'p', 'p', 'div', 'hgroup'][rand(11)];
    const properties: Element['properties'] = {};
    if (rand(4) === 0) properties.id = `given-${rand(3)}`;
    if (rand(5) === 0) properties.className = ['result-heading'];
    const node: Element = { type: 'element', tagName: tag, properties, children: inline() };
    if (tag === 'div') node.children.push({ type: 'element', tagName: 'h3', properties: {}, children: inline() });
    children.push(node);
  }
  return { type: 'root', children };
}

const test = (node: Element) =>
  !(Array.isArray(node.properties.className) && node.properties.className.includes('result-heading'));
const properties = (node: Element) => ({ className: ['heading-anchor'], ariaLabel: `Link to ${node.tagName}` });

const ours = unified().use(rehypeHeadingIds).use(rehypeHeadingAnchors, { test, properties });
const libraries = unified()
  .use(rehypeSlug)
  .use(rehypeAutolinkHeadings, { behavior: 'append', test, properties, content: [] });

describe('heading ids and anchors (rehype-headings.ts)', () => {
  it('gives the ids rehype-slug gives and the links rehype-autolink-headings appends', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const mine = ours.runSync(randomTree(seed));
      expect(mine).toEqual(libraries.runSync(randomTree(seed)));
    }
  });

  it('numbers repeated headings within a note, and starts again in the next', () => {
    const tree = (): Root => ({
      type: 'root',
      children: ['Setup', 'Setup'].map((t) => ({
        type: 'element',
        tagName: 'h2',
        properties: {},
        children: [{ type: 'text', value: t }],
      })),
    });
    for (let i = 0; i < 2; i++) {
      const ids = (ours.runSync(tree()) as Root).children.map((c) => (c as Element).properties.id);
      expect(ids).toEqual(['setup', 'setup-1']);
    }
  });
});
