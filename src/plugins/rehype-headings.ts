import type { Element, Properties, Root } from 'hast';
import GithubSlugger from 'github-slugger';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from '../lib/walk.ts';

/*
 * rehype-slug and rehype-autolink-headings (`behavior: 'append'`), as this pipeline uses them: the
 * same ids and the same links, each in one walk of the lean tree walk (src/lib/walk.ts). The two
 * libraries walk with unist-util-visit, whose cost per node (see walk.ts) made them 0.7 s of each
 * render thread's 16 s at 1,000 notes. tests/plugins/rehype-headings.test.ts checks both against
 * the libraries.
 */

const rank = (node: Element) => /^h[1-6]$/i.test(node.tagName);

/** rehype-slug: each heading without an id gets the GitHub slug of its text, unique in the note. */
export function rehypeHeadingIds() {
  const slugs = new GithubSlugger();
  return (tree: Root) => {
    slugs.reset();
    visit(tree, 'element', (node: Element) => {
      if (rank(node) && !node.properties.id) node.properties.id = slugs.slug(toString(node));
    });
  };
}

export interface HeadingAnchorOptions {
  /** Which headings get a link (default: all with an id). */
  test?: (node: Element) => boolean;
  /** The link's properties, besides its `href`. */
  properties: (node: Element) => Properties;
}

/**
 * rehype-autolink-headings with `behavior: 'append'` and no content: an empty `<a href="#id">` at
 * the end of each heading.
 */
export function rehypeHeadingAnchors({ test = () => true, properties }: HeadingAnchorOptions) {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (!rank(node) || !node.properties.id || !test(node)) return undefined;
      node.children.push({
        type: 'element',
        tagName: 'a',
        properties: { ...properties(node), href: `#${String(node.properties.id)}` },
        children: [],
      });
      return SKIP;
    });
  };
}
