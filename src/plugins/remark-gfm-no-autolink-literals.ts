import type { Processor } from 'unified';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { combineExtensions } from 'micromark-util-combine-extensions';

/**
 * remark-gfm for parsing, without GFM's autolink literals (bare `www.`, `http://`, `https://`,
 * `mailto:`, `xmpp:` and e-mail addresses made into links): the same extensions as remark-gfm 4, in
 * its order, less the first. Autolink literals took about a quarter of each render thread's time
 * (their tokenizer runs at every `w`, `h`, `m` and `x`, their tree transform searches every text
 * node): leaving them out cut rendering 1,000 notes from 15.6–16.2 s to 11.6–11.9 s, and most notes
 * have nothing for them to find. The pipeline uses this only for notes where `mayHaveAutolinkLiteral`
 * is false, which remark-gfm parses the same.
 *
 * With `tables: false`, tables are left out too, for notes where `mayHaveTable` is false: the table
 * tokenizer reads every line of a paragraph as a possible header row (0.4 s of a render thread's
 * 14 s for 1,000 notes without a table).
 */
export default function remarkGfmNoAutolinkLiterals(this: Processor, options: { tables?: boolean } = {}): void {
  const tables = options.tables ?? true;
  const data = this.data();
  (data.micromarkExtensions ??= []).push(
    combineExtensions([gfmFootnote(), gfmStrikethrough(), ...(tables ? [gfmTable()] : []), gfmTaskListItem()]),
  );
  (data.fromMarkdownExtensions ??= []).push([
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    ...(tables ? [gfmTableFromMarkdown()] : []),
    gfmTaskListItemFromMarkdown(),
  ]);
}

/**
 * False when the Markdown has no line GFM could read as a table's delimiter row: a line that, after
 * blockquote markers and indentation, holds only spaces, tabs, `|`, `:` and `-`, with at least one
 * `-` and at least one `|` or `:` (micromark-extension-gfm-table refuses a row with neither: that is
 * a thematic break or a heading's underline). Every table has such a line. Linear in the line's length:
 * the prefix and the row share no way to split a line (a row starts with `|`, `:` or `-`).
 */
export function mayHaveTable(markdown: string): boolean {
  return /^(?=[^\n\r]*-)(?=[^\n\r]*[|:])[ \t>]*[|:-][ \t|:-]*$/m.test(markdown);
}

/**
 * False when the Markdown has nothing GFM could make an autolink literal of: no `www.`, no URL
 * scheme GFM links (`http://`, `https://`, `mailto:`, `xmpp:`, any case) and no `@` after a
 * character an e-mail address may hold (a citation's `[@key]` or ` @key` has none).
 */
export function mayHaveAutolinkLiteral(markdown: string): boolean {
  return /www\.|https?:\/\/|mailto:|xmpp:|[\w.+-]@/i.test(markdown);
}
