import type { Nodes, Paragraph, Root } from 'mdast';
import remarkParse from 'remark-parse';
import remarkMath from 'remark-math';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { locateMatch, type NoteFileData } from '../../src/plugins/note-file.ts';

/** Parses a body and returns its first paragraph, with a fresh note data record. */
function setup(body: string): { data: NoteFileData; block: Paragraph } {
  const tree = unified().use(remarkParse).use(remarkMath).parse(body) as Root;
  const data: NoteFileData = {
    slug: 'a',
    file: 'a.md',
    path: 'a.md',
    lineOffset: 4,
    links: [],
    citations: [],
    pendingContexts: [],
    deps: { targets: [], paths: [], keys: [], figures: [] },
  };
  return { data, block: tree.children[0] as Paragraph };
}

describe('locateMatch: where a match inside a text node was written', () => {
  it('finds repeated text in order, one occurrence per match', () => {
    const body = 'See [[a]] and [[a]]\nand [[a]].';
    const { data, block } = setup(body);
    const stack = [block as Nodes];
    expect([1, 2, 3].map(() => locateMatch(data, body, stack, '[[a]]'))).toEqual([
      { line: 1, column: 5, offset: 4 },
      { line: 1, column: 15, offset: 14 },
      { line: 2, column: 5, offset: 24 },
    ]);
  });

  it('never places a match inside inline code or math, where the text is not prose', () => {
    const body = '`[[a]]` and $[[a]]$ then [[a]]';
    const { data, block } = setup(body);
    expect(locateMatch(data, body, [block], '[[a]]')).toMatchObject({ line: 1, column: 26 });
  });

  it('does not place a narrative @key inside an earlier [@key]', () => {
    const body = 'As [@smith] and @smith said.';
    const { data, block } = setup(body);
    expect(locateMatch(data, body, [block], '[@smith]')).toMatchObject({ column: 4 });
    expect(locateMatch(data, body, [block], '@smith')).toMatchObject({ column: 17 });
  });

  it('falls back to the start of the block when the text is not in the source as written', () => {
    const body = 'Plain text.';
    const { data, block } = setup(body);
    expect(locateMatch(data, body, [block], 'absent')).toEqual({ line: 1, column: 1 });
  });
});
