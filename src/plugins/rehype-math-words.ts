import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { SKIP, visitParents } from '../lib/walk.ts';
import { mathStandIn } from '../lib/math-text.ts';

/**
 * The words inside a formula (`\text{data}`, `\operatorname{ReLU}`, `\mathrm{KL}`), extracted from
 * its TeX source. Symbols and single letters are left out: they are noise to a search index.
 */
export function mathWords(tex: string): string[] {
  const words: string[] = [];
  const re = /\\(?:text|textrm|textit|textbf|mathrm|operatorname\*?|mbox)\s*\{([^{}]*)\}/g;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    for (const w of m[1].split(/[^\p{L}\p{N}-]+/u)) if (w.length >= 2) words.push(w);
  }
  return words;
}

/**
 * A formula's stand-in and words, by its TeX: formulas repeat (the benchmark's 1,000 notes draw theirs
 * from 4,413 distinct ones).
 */
const wordsByTex = new Map<string, string>();

function searchWords(tex: string): string {
  let words = wordsByTex.get(tex);
  if (words === undefined) {
    words = [mathStandIn(tex), ...mathWords(tex)].join(' ');
    if (wordsByTex.size >= 50_000) wordsByTex.clear();
    wordsByTex.set(tex, words);
  }
  return words;
}

/**
 * Runs before rehype-katex. KaTeX's markup is excluded from the search index (it would index glyph
 * soup and raw TeX), so each formula gets a span beside it that only the indexer reads (hidden from
 * view and from assistive technology, which reads the MathML instead): a short readable form of the
 * formula, so a search excerpt never has a hole where it was (`with probability 1−δ`, or
 * "[formula]" for a long one), and the words inside it.
 */
export default function rehypeMathWords() {
  return (tree: Root) => {
    visitParents(tree, 'element', (node: Element, ancestors) => {
      const cls = node.properties.className;
      if (!Array.isArray(cls) || !(cls.includes('math-inline') || cls.includes('math-display'))) return;
      // Headings take their ids from their text: a stand-in there would change every heading link.
      if (ancestors.some((a) => a.type === 'element' && /^h[1-6]$/.test(a.tagName))) return SKIP;
      const words = searchWords(toText(node, { whitespace: 'pre' }));
      const span: Element = {
        type: 'element',
        tagName: 'span',
        properties: { className: ['math-words'], ariaHidden: 'true' },
        // No space after: a formula followed by a comma reads "x," in an excerpt, not "x ,".
        children: [{ type: 'text', value: ` ${words}` }],
      };
      // Display math is <pre><code class="math-display">: put the words after the <pre>.
      let child: Element | Root = node;
      let host = ancestors[ancestors.length - 1];
      if (host && host.type === 'element' && host.tagName === 'pre') {
        child = host;
        host = ancestors[ancestors.length - 2];
      }
      if (!host) return SKIP;
      const at = host.children.indexOf(child as Element);
      host.children.splice(at + 1, 0, span);
      return SKIP;
    });
  };
}
