import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { linkContexts } from '../lib/link-context.ts';
import { checkBudget } from '../lib/render-budget.ts';
import { noteData, type PendingContext } from './note-file.ts';

export interface LinkContextOptions {
  /** Renders a formula of a context sentence (HTML only: contexts are short previews). */
  renderMath: (tex: string) => string;
}

/**
 * Cuts the sentence around every link and citation the earlier plugins recorded, once all of them
 * exist (so labels read as on the page): one pass per block, however many links it holds.
 */
export default function remarkLinkContexts(options: LinkContextOptions) {
  return (_tree: Root, file: VFile) => {
    const data = noteData(file);
    const labelOf = (n: Nodes) => (n.type === 'link' || n.type === 'linkReference' ? toString(n) : undefined);
    const byBlock = new Map<Nodes, PendingContext[]>();
    for (const pending of data.pendingContexts) {
      const list = byBlock.get(pending.block) ?? [];
      list.push(pending);
      byBlock.set(pending.block, list);
    }
    for (const [block, pendings] of byBlock) {
      checkBudget(data.budget);
      const contexts = linkContexts(
        block as never,
        pendings.map((p) => p.node),
        labelOf,
        options.renderMath,
      );
      pendings.forEach((p, k) => (p.record.context = contexts[k]));
    }
    data.pendingContexts = [];
  };
}
