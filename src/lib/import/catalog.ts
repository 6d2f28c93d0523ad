import GithubSlugger from 'github-slugger';
import type { Heading, Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { headingSlug } from '../slugs.ts';
import { headingIdPattern, idInAttributes } from './kramdown.ts';
import { rangeOf } from './markdown-tree.ts';
import type { PreparedNote } from './prepare.ts';

/**
 * What the importer knows about every note before converting any of them: the names links may
 * use for it (file name, title, aliases, Jekyll permalink) and its headings with every id an old
 * link may have used for them, so links between the notes can be rewritten in one pass.
 */

/** A heading of a note, with the ids other tools gave it and how a link to it is written here. */
export interface HeadingInfo {
  text: string;
  /** Ids links may use: a kramdown `{#id}`, kramdown's automatic id, GitHub's (numbered) id. */
  ids: string[];
  /** What to write after `#` in a wikilink; undefined for the heading that became the title. */
  anchor?: string;
}

/** An imported note, as links see it. */
export interface NoteInfo {
  path: string;
  slug: string;
  title: string;
  /** Title as the source had it, before any disambiguation (what wikilinks use). */
  sourceTitle: string;
  /** The file name without extension (and without a Jekyll post's date). */
  stem: string;
  aliases: string[];
  permalink?: string;
  headings: HeadingInfo[];
}

/** `_posts/2020-01-02-title.md` → `title`; `Über Kernels.md` → `Über Kernels`. */
export function fileStem(path: string): string {
  const name = path.split('/').pop() ?? path;
  const stem = name.replace(/\.(md|markdown)$/i, '');
  const inPosts = /(^|\/)_(posts|drafts)\//.test(path);
  return inPosts ? stem.replace(/^\d{4}-\d{2}-\d{2}-/, '') : stem;
}

/** kramdown's automatic heading id (its `basic_generate_id`): letters first, ASCII letters, digits and dashes. */
export function kramdownId(text: string): string {
  return text
    .replace(/^[^a-zA-Z]+/, '')
    .replace(/[^a-zA-Z0-9 -]/g, '')
    .replace(/ /g, '-')
    .toLowerCase();
}

/** The first block of the body when it is a level-1 heading: the note's title, written as a heading. */
export function titleHeading(note: PreparedNote): Heading | undefined {
  const first = note.tree.children[0];
  return first?.type === 'heading' && first.depth === 1 ? first : undefined;
}

/** A heading's text, without a kramdown `{#id}`. */
export function headingText(heading: Heading): string {
  return toString(heading).replace(headingIdPattern, '').trim();
}

/** A heading text that can be written after `#` in a wikilink as it is. */
const plainHeading = /^[^[\]|#$`*_<>\\{}]+$/;

/** Every heading of a note with the ids old links may use, and how to link to it here. */
export function headingsOf(note: PreparedNote, title: Heading | undefined): HeadingInfo[] {
  const github = new GithubSlugger();
  const kramdown = new Map<string, number>();
  const headings: HeadingInfo[] = [];
  const children = note.tree.children;
  children.forEach((node, i) => {
    if (node.type !== 'heading') return;
    const text = headingText(node);
    const r = rangeOf(node);
    const custom = r ? headingIdPattern.exec(note.text.slice(r[0], r[1]))?.[1] : undefined;
    const next = children[i + 1];
    const attrs =
      next?.type === 'paragraph' ? /^\{:[^}\n]*\}$/.exec(toString(next as Paragraph).trim())?.[0] : undefined;
    const blockId = attrs ? idInAttributes(attrs) : undefined;
    const base = kramdownId(text) || 'section';
    const seen = kramdown.get(base) ?? 0;
    kramdown.set(base, seen + 1);
    const ids = [custom, blockId, seen ? `${base}-${seen}` : base].filter((x): x is string => !!x);
    if (node === title) {
      headings.push({ text, ids });
      return;
    }
    const id = github.slug(text);
    ids.push(id);
    // The site finds a heading by the slug of what follows `#`; a repeated or unusual heading is
    // linked by its id, any other by its words.
    headings.push({ text, ids, anchor: plainHeading.test(text) && headingSlug(text) === id ? text : id });
  });
  return headings;
}

/** The heading an anchor names (`#kernel-regime`, `#The kernel regime`), if any. */
export function findHeading(headings: readonly HeadingInfo[], anchor: string): HeadingInfo | undefined {
  const wanted = anchor.trim();
  const lower = wanted.toLowerCase();
  return (
    headings.find((h) => h.ids.includes(wanted)) ??
    headings.find((h) => h.text.toLowerCase() === lower) ??
    headings.find((h) => h.ids.includes(headingSlug(wanted)))
  );
}
