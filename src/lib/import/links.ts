import type { Definition, Link, Nodes, Text } from 'mdast';
import { visitParents } from '../walk.ts';
import { parseWikilink } from '../link-resolver.ts';
import { findHeading, type NoteInfo } from './catalog.ts';
import {
  definitionDestination,
  destinationRange,
  rangeOf,
  unwrapDestination,
  writeDestination,
} from './markdown-tree.ts';
import type { PreparedNote } from './prepare.ts';
import { snippet, type Change, type Finding, type PassResult } from './report.ts';
import { resolveLink, resolveWikiTarget, type Catalog } from './resolve.ts';

/**
 * Links between the imported notes, rewritten as this site writes them: a relative Markdown link
 * (`[x](../b/page.md#intro)`, `[x](page.html)`, a Jekyll permalink `[x](/notes/page/)`) becomes
 * `[[slug#Heading|x]]`, and an Obsidian `[[Page Name#Heading|x]]` gets the new slug. Links to
 * anything that is not imported are kept as written and reported; external links are untouched.
 */

export interface LinkContext {
  catalog: Catalog;
  /** The note being converted. */
  self: NoteInfo;
}

/** Link text that reads the same inside `[[…|text]]` (no brackets, bars, markup or line breaks). */
const simpleLabel = /^[^[\]|\n*`<>\\]*$/;

/** `#Heading` for a link to a heading of `target`, reporting an anchor that names no heading. */
function anchorTo(
  target: NoteInfo,
  anchor: string | undefined,
  at: number,
  findings: Finding[],
  forMarkdown = false,
): string {
  if (!anchor) return '';
  const heading = findHeading(target.headings, anchor);
  if (!heading) {
    findings.push({
      at,
      message:
        `"#${anchor}" names no heading of ${target.path}; the link now goes to the top of the note: ` +
        'add the heading to the link by hand',
      rule: 'link',
      look: true,
    });
    return '';
  }
  // The heading that became the note's title: the top of the page.
  if (heading.anchor === undefined) return '';
  return `#${forMarkdown ? heading.ids[heading.ids.length - 1] : heading.anchor}`;
}

/** Rewrites one inline Markdown link to an imported note. */
function rewriteLink(text: string, node: Link, ctx: LinkContext, findings: Finding[]): Change[] {
  const r = rangeOf(node);
  const dest = destinationRange(text, node);
  if (!r || !dest) return [];
  const url = unwrapDestination(text.slice(dest[0], dest[1]));
  const target = resolveLink(ctx.catalog, ctx.self.path, url);
  const written = snippet(text.slice(r[0], r[1]));
  if (target.kind === 'external') return [];
  if (target.kind === 'missing' || target.kind === 'file') {
    const why =
      target.kind === 'file'
        ? `"${target.path}" is not a note and is not copied`
        : `"${target.path}" is not in the folder`;
    findings.push({
      at: r[0],
      message:
        `link ${written} kept as written: ${why}; ` +
        'import or publish it, or remove the link (the checks report links to missing notes)',
      rule: 'unresolved-link',
      look: true,
    });
    return [];
  }
  const note = target.kind === 'note' ? target.note : ctx.self;
  if (target.kind === 'anchor' && !findHeading(ctx.self.headings, target.anchor)?.anchor) {
    findings.push({
      at: r[0],
      message: `link ${written} kept as written: no heading of this note has the id "${target.anchor}"`,
      rule: 'unresolved-link',
      look: true,
    });
    return [];
  }
  const first = node.children[0] ? rangeOf(node.children[0]) : undefined;
  const last = node.children.length ? rangeOf(node.children[node.children.length - 1]) : undefined;
  const label = first && last ? text.slice(first[0], last[1]) : '';
  const slug = target.kind === 'anchor' ? '' : note.slug;
  if (simpleLabel.test(label) && label.trim() !== '') {
    const link = `[[${slug}${anchorTo(note, target.anchor, r[0], findings)}|${label}]]`;
    return [
      { start: r[0], end: r[1], insert: link, message: `link ${written} written as ${snippet(link)}`, rule: 'link' },
    ];
  }
  const to = writeDestination(`${slug ? `${slug}.md` : ''}${anchorTo(note, target.anchor, r[0], findings, true)}`);
  return [
    {
      start: dest[0],
      end: dest[1],
      insert: to,
      message: `link ${written} now points to ${to}`,
      rule: 'link',
      at: r[0],
    },
  ];
}

/** Rewrites the URL of a reference definition (`[ref]: page.md`) that names an imported note. */
function rewriteDefinition(text: string, node: Definition, ctx: LinkContext, findings: Finding[]): Change[] {
  const dest = definitionDestination(text, node);
  if (!dest) return [];
  const target = resolveLink(ctx.catalog, ctx.self.path, unwrapDestination(text.slice(dest[0], dest[1])));
  if (target.kind !== 'note') return [];
  const url = writeDestination(
    `${target.note.slug}.md${anchorTo(target.note, target.anchor, dest[0], findings, true)}`,
  );
  return [
    {
      start: dest[0],
      end: dest[1],
      insert: url,
      message: `link definition [${node.label ?? node.identifier}] now points to ${url}`,
      rule: 'link',
    },
  ];
}

/** Rewrites one Obsidian wikilink (not an embed) to the slug of the note it names. */
function rewriteWikilink(
  whole: string,
  inner: string,
  at: number,
  inTable: boolean,
  ctx: LinkContext,
  findings: Finding[],
): Change[] {
  const link = parseWikilink(inner);
  let heading = link.heading;
  if (heading?.startsWith('^')) {
    findings.push({
      at,
      message: `block reference #${heading} dropped from ${whole}: the site links to notes and headings only`,
      rule: 'wikilink',
      look: true,
    });
    heading = undefined;
  }
  let target: NoteInfo | undefined;
  let slug: string;
  if (link.target === '') {
    const own = heading ? findHeading(ctx.self.headings, heading) : undefined;
    if (!own?.anchor) {
      findings.push({
        at,
        message: `wikilink ${whole} kept as written: no heading of this note is called "${heading ?? ''}"`,
        rule: 'unresolved-link',
        look: true,
      });
      return [];
    }
    target = ctx.self;
    slug = '';
  } else {
    const found = resolveWikiTarget(ctx.catalog, ctx.self.path, link.target);
    if (found.kind === 'missing') {
      findings.push({
        at,
        message:
          `wikilink ${whole} names no imported note and no note of the site; kept as written: ` +
          'import that note, or remove the link (the checks report it)',
        rule: 'unresolved-link',
        look: true,
      });
      return [];
    }
    if (found.kind === 'note' && found.others.length > 0) {
      findings.push({
        at,
        message:
          `wikilink ${whole} could mean ${[found.note, ...found.others].map((n) => `"${n.path}"`).join(' or ')}; ` +
          `linked to "${found.note.path}"`,
        rule: 'wikilink',
        look: true,
      });
    }
    target = found.kind === 'note' ? found.note : undefined;
    slug = found.kind === 'note' ? found.note.slug : found.slug;
  }
  const part = target ? anchorTo(target, heading, at, findings) : heading ? `#${heading}` : '';
  const bar = inTable ? '\\|' : '|';
  const rewritten = `[[${slug}${part}${link.label ? `${bar}${link.label}` : ''}]]`;
  if (rewritten === whole || (slug === '' && part === '')) return [];
  return [
    {
      start: at,
      end: at + whole.length,
      insert: rewritten,
      message: `wikilink ${snippet(whole)} written as ${snippet(rewritten)}`,
      rule: 'wikilink',
    },
  ];
}

const wikilink = /(?<!!)\[\[([^[\]\n]*?)\]\]/g;

/** Every link of a note rewritten for the site: Markdown links, definitions and wikilinks. */
export function convertLinks(note: PreparedNote, ctx: LinkContext): PassResult {
  const { text, tree } = note;
  const changes: Change[] = [];
  const findings: Finding[] = [];
  visitParents(tree, (node: Nodes, ancestors: Nodes[]) => {
    if (node.type === 'link') changes.push(...rewriteLink(text, node, ctx, findings));
    else if (node.type === 'definition') changes.push(...rewriteDefinition(text, node, ctx, findings));
    else if (node.type === 'text' && !ancestors.some((a) => a.type === 'link' || a.type === 'linkReference')) {
      const r = rangeOf(node as Text);
      if (!r || !text.slice(r[0], r[1]).includes('[[')) return;
      const inTable = ancestors.some((a) => a.type === 'tableCell');
      for (const m of text.slice(r[0], r[1]).matchAll(wikilink))
        changes.push(...rewriteWikilink(m[0], m[1], r[0] + m.index, inTable, ctx, findings));
    }
  });
  return { changes, findings };
}
