import type { Parent, Root, RootContent, Text } from 'mdast';
import { visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';

/**
 * remark-directive is here for result blocks (`:::theorem … :::`), but its syntax also reads
 * `10:30`, `f:X` or `[@DBLP:conf/x]` as text directives (`:30`, `:X`, `:conf`) and a line starting
 * with `::` as a leaf directive. Every text and leaf directive is put back as the text it was
 * written as (the source slice), and the text nodes around it are merged, so later plugins
 * (wikilinks, citations) see the sentence the author wrote.
 */
export default function remarkDirectiveText() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value ?? '');
    const touched = new Set<Parent>();
    visit(tree, (node, index, parent) => {
      if ((node.type !== 'textDirective' && node.type !== 'leafDirective') || !parent || index === undefined) return;
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) return;
      const text: Text = { type: 'text', value: source.slice(start, end), position: node.position };
      const replacement =
        node.type === 'leafDirective'
          ? ({ type: 'paragraph', children: [text], position: node.position } as RootContent)
          : text;
      parent.children.splice(index, 1, replacement as never);
      touched.add(parent);
    });
    for (const parent of touched) mergeTexts(parent);
  };
}

/** Joins adjacent text nodes, keeping the span of both in the position. */
function mergeTexts(parent: Parent): void {
  const out: RootContent[] = [];
  for (const child of parent.children as RootContent[]) {
    const last = out[out.length - 1];
    if (last?.type === 'text' && child.type === 'text') {
      last.value += child.value;
      if (last.position && child.position) last.position = { start: last.position.start, end: child.position.end };
    } else out.push(child);
  }
  parent.children = out as never;
}
