import type { Link, Nodes, PhrasingContent, Root } from 'mdast';
import { findAndReplace } from '../lib/find-and-replace.ts';
import { visitParents } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { parseWikilink, resolveMarkdownPath, resolveTarget, type LinkIndex } from '../lib/link-resolver.ts';
import { didYouMean } from '../lib/problems.ts';
import { looksLikeLabel, refToken } from '../lib/results.ts';
import { headingSlug, noteUrl } from '../lib/slugs.ts';
import { contextBlock, inFile, locateMatch, noteData, report, startOf } from './note-file.ts';

/** The id a `#part` of a link lands on: a label as written, a heading's text as its slug. */
function anchorOf(part: string): string {
  return looksLikeLabel(part) ? part : headingSlug(part);
}

/** A link label as Markdown text and formulas: `A heading with $x^2$` shows its formula rendered. */
function labelChildren(label: string): PhrasingContent[] {
  const parts = label.split(/(?<!\\)\$([^$]+?)(?<!\\)\$/);
  const out: PhrasingContent[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1)
      out.push({
        type: 'inlineMath',
        value: part,
        data: {
          hName: 'code',
          hProperties: { className: ['language-math', 'math-inline'] },
          hChildren: [{ type: 'text', value: part }],
        },
      });
    else if (part !== '') out.push({ type: 'text', value: part });
  });
  return out;
}

export interface WikilinkOptions {
  index: LinkIndex;
  base: string;
}

/** Why a wikilink's target resolves to no note, or to several. */
function unresolvedMessage(
  inner: string,
  target: string,
  r: Exclude<ReturnType<typeof resolveTarget>, { ok: true }>,
): string {
  if (r.reason === 'ambiguous')
    return `wikilink [[${inner}]] is ambiguous: "${target}" names ${r.candidates.join(', ')}; link to one slug instead`;
  return (
    `wikilink [[${inner}]] points to no note.` +
    `${r.suggestion ? ` Did you mean "${r.suggestion}"?` : ' Check the slug, title or alias of the target note.'}`
  );
}

/**
 * What a wikilink reads: its own label, else the note's title (and heading). A link to a label
 * (`#pl-linear-rate`, `#eq:pl`) reads "Theorem 2 in Note": its text is a token that pages resolve
 * once every note's numbering is known (see src/lib/results.ts).
 */
function wikilinkLabel(
  link: ReturnType<typeof parseWikilink>,
  slug: string,
  title: string | undefined,
  sameNote: boolean,
): string {
  if (link.label !== undefined) return link.label;
  if (link.heading && looksLikeLabel(link.heading)) return refToken(slug, link.heading, sameNote);
  if (link.target === '') return link.heading ?? slug;
  return link.heading ? `${title ?? slug} § ${link.heading}` : (title ?? slug);
}

/**
 * Turns `[[target]]`, `[[target|label]]`, `[[target#Heading]]` and `[[#Heading]]` into links, and
 * rewrites relative links to `.md` files into note URLs. Links inside code and math are never
 * touched (they are not text nodes). Every link that does not resolve is reported with the
 * nearest valid target; headings in other notes are checked later, once all notes are rendered.
 */
export default function remarkWikilinks(options: WikilinkOptions) {
  const { index, base } = options;
  return (tree: Root, file: VFile) => {
    const data = noteData(file);
    const source = String(file.value ?? '');
    const record = (
      node: Link,
      stack: Nodes[],
      slug: string,
      heading: string | undefined,
      place: { line: number; column: number },
    ) => {
      const found = { slug, heading, ...inFile(data, place), context: '' };
      data.links.push(found);
      const block = contextBlock(stack);
      if (block) data.pendingContexts.push({ block, node, record: found });
    };

    findAndReplace(
      tree,
      [
        /\[\[([^[\]\n]*?)\]\]/g,
        (whole: string, inner: string, match: { index: number; stack: Nodes[] }) => {
          const place = locateMatch(data, source, match.stack, whole);
          const link = parseWikilink(inner);
          data.deps.targets.push(link.target);
          let slug = data.slug;
          if (link.target !== '') {
            const r = resolveTarget(index, link.target);
            if (!r.ok) {
              report(
                file,
                place,
                unresolvedMessage(inner, link.target, r),
                r.reason === 'ambiguous' ? 'ambiguous-link' : 'broken-link',
              );
              return false;
            }
            slug = r.slug;
          } else if (!link.heading) {
            report(file, place, `empty wikilink ${whole}: write [[note-slug]] or [[#Heading]]`, 'broken-link');
            return false;
          }
          const anchor = link.heading ? anchorOf(link.heading) : undefined;
          const label = wikilinkLabel(link, slug, index.notes.get(slug)?.title, slug === data.slug);
          const node: Link = {
            type: 'link',
            url: slug === data.slug && anchor ? `#${anchor}` : noteUrl(base, slug, anchor),
            children: labelChildren(label),
            data: { hProperties: { className: ['wikilink'], dataNote: slug } },
          };
          record(node, match.stack, slug, link.heading, place);
          return node;
        },
      ],
      { ignore: ['link', 'linkReference', 'definition'] },
    );

    rewriteMarkdownLinks(tree, file, options, record);
  };
}

type RecordLink = (
  node: Link,
  stack: Nodes[],
  slug: string,
  heading: string | undefined,
  place: { line: number; column: number },
) => void;

/** Ordinary relative links to other notes' .md files become note URLs (and are recorded like wikilinks). */
function rewriteMarkdownLinks(tree: Root, file: VFile, options: WikilinkOptions, record: RecordLink): void {
  const { index, base } = options;
  const data = noteData(file);
  visitParents(tree, 'link', (node: Link, ancestors) => {
    if (node.data?.hProperties?.className) return; // made above
    const resolved = resolveMarkdownPath(index, data.path, node.url);
    if (!resolved) return;
    data.deps.paths.push(resolved.path);
    const place = startOf(node);
    if (!resolved.slug) {
      const known = [...index.byPath.keys()];
      report(
        file,
        place,
        `link to "${node.url}" points to no note ` +
          `(resolved to notes/${resolved.path}).${didYouMean(resolved.path, known)}`,
        'broken-link',
      );
      return;
    }
    const anchor = resolved.heading ? anchorOf(resolved.heading) : undefined;
    node.url = noteUrl(base, resolved.slug, anchor);
    node.data = { ...node.data, hProperties: { className: ['wikilink'], dataNote: resolved.slug } };
    record(node, [...(ancestors as Nodes[]), node], resolved.slug, resolved.heading, place);
  });
}
