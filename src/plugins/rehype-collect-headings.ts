import type { Element, Root } from 'hast';
import type { ElementContent } from 'hast';
import { visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { decodeEntities } from '../lib/html.ts';

/** A heading of a note, for its table of contents and for `[[note#Heading]]` checks. */
export interface NoteHeading {
  depth: number;
  id: string;
  text: string;
}

declare module 'vfile' {
  interface DataMap {
    headings: NoteHeading[];
  }
}

/**
 * Collects every heading with its id, h1–h6, since links may point at any (run after the heading ids
 * are given and before their anchors are appended: src/plugins/rehype-headings.ts).
 */
export default function rehypeCollectHeadings() {
  return (tree: Root, file: VFile) => {
    const headings: NoteHeading[] = [];
    visit(tree, 'element', (node: Element) => {
      const m = /^h([1-6])$/.exec(node.tagName);
      if (!m || typeof node.properties.id !== 'string') return;
      // A result's heading belongs to the result (linked by its label), not to the table of contents.
      if (Array.isArray(node.properties.className) && node.properties.className.includes('result-heading')) return;
      headings.push({ depth: Number(m[1]), id: node.properties.id, text: visibleText(node) });
    });
    file.data.headings = headings;
  };
}

/** The text a reader sees: KaTeX's hidden MathML copy and zero-width spaces are skipped. */
export function visibleText(node: Element): string {
  let text = '';
  const walk = (n: ElementContent | Element) => {
    if (n.type === 'text') text += n.value;
    else if ((n as { type: string }).type === 'raw') {
      // KaTeX output inserted as HTML: keep what is shown (drop the MathML copy and the tags).
      const html = (n as unknown as { value: string }).value;
      text += decodeEntities(
        html.replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, '').replace(/<[^>]+>/g, ''),
      );
    } else if (n.type === 'element') {
      const cls = n.properties.className;
      if (Array.isArray(cls) && cls.includes('katex-mathml')) return;
      for (const c of n.children) walk(c);
    }
  };
  walk(node);
  return text
    .replace(/\u200b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
