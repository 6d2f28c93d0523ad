import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    stats: { words: number; formulas: number; displayFormulas: number };
  }
}

/** Counts a note's words (a formula counts as one) and formulas, for reading time and the benchmark. */
export default function remarkNoteStats() {
  return (tree: Root, file: VFile) => {
    let words = 0;
    let formulas = 0;
    let displayFormulas = 0;
    visit(tree, (node) => {
      if (node.type === 'text') words += node.value.split(/\s+/).filter(Boolean).length;
      else if (node.type === 'inlineMath') formulas++;
      else if (node.type === 'math') displayFormulas++;
    });
    file.data.stats = { words: words + formulas, formulas: formulas + displayFormulas, displayFormulas };
  };
}
