import type { Root } from 'mdast';
import { visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { mathTokens } from '../lib/math-text.ts';

declare module 'vfile' {
  interface DataMap {
    stats: { words: number; formulas: number; displayFormulas: number; mathTokens: string[] };
  }
}

/**
 * Counts a note's words (a formula counts as one) and formulas, for reading time and the benchmark,
 * and collects the names of the symbols its formulas use, which the search index reads.
 */
export default function remarkNoteStats() {
  return (tree: Root, file: VFile) => {
    let words = 0;
    let formulas = 0;
    let displayFormulas = 0;
    const tokens = new Set<string>();
    visit(tree, (node) => {
      if (node.type === 'text') words += node.value.split(/\s+/).filter(Boolean).length;
      else if (node.type === 'inlineMath') formulas++;
      else if (node.type === 'math') displayFormulas++;
      if (node.type === 'inlineMath' || node.type === 'math') for (const t of mathTokens(node.value)) tokens.add(t);
    });
    file.data.stats = {
      words: words + formulas,
      formulas: formulas + displayFormulas,
      displayFormulas,
      mathTokens: [...tokens].sort(),
    };
  };
}
