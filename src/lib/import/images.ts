import type { Html, Image, Nodes, Text } from 'mdast';
import { visit, visitParents } from '../walk.ts';
import { parseWikilink } from '../link-resolver.ts';
import type { NoteInfo } from './catalog.ts';
import { extensionOf, FIGURE_TYPES_TEXT, isFigureFile, type FigureCopy } from './figures.ts';
import { destinationRange, rangeOf, unwrapDestination } from './markdown-tree.ts';
import type { PreparedNote } from './prepare.ts';
import { snippet, type Change, type Finding, type PassResult } from './report.ts';
import { resolveImage, resolveWikiTarget, type Catalog, type ImageTarget } from './resolve.ts';

/**
 * Images: a local image (`![alt](img/x.png)`, `<img src="img/x.png">`, Obsidian's `![[x.png]]`) is
 * copied into content/figures/ and its reference rewritten to `../figures/<name>`. A remote image
 * becomes a plain link with its alt text (the site loads nothing from other origins); a missing
 * one is kept as written. Each is reported.
 */

export interface ImageContext {
  catalog: Catalog;
  self: NoteInfo;
  /** The figure name of an image of the folder (the same name for every use). */
  figureFor(path: string): FigureCopy;
}

/** The figure a local image becomes, or a finding saying why it stays as written. */
function figureOf(
  target: ImageTarget,
  written: string,
  at: number,
  ctx: ImageContext,
  findings: Finding[],
): FigureCopy | undefined {
  if (target.kind === 'missing') {
    findings.push({
      at,
      message:
        `image ${written} kept as written: "${target.path}" is not in the folder; ` +
        'add it and import again, or remove it',
      rule: 'missing-image',
      look: true,
    });
  } else if (target.kind === 'unsupported') {
    findings.push({
      at,
      message: `image ${written} kept as written: ${target.reason} is not an image file the site can serve`,
      rule: 'missing-image',
      look: true,
    });
  } else if (target.kind === 'local' && !isFigureFile(target.path)) {
    findings.push({
      at,
      message:
        `image ${written} kept as written: ` +
        `.${extensionOf(target.path)} is not a figure type here (${FIGURE_TYPES_TEXT}); convert it`,
      rule: 'missing-image',
      look: true,
    });
  } else if (target.kind === 'local') {
    return ctx.figureFor(target.path);
  }
  return undefined;
}

const copied = (f: FigureCopy) =>
  f.copy ? `copied to content/figures/${f.name}` : `is content/figures/${f.name}, already there`;
const remoteMessage = (written: string) =>
  `remote image ${written} written as a link: the site loads nothing from other origins; ` +
  'save the image into the folder to import it as a figure';

/** `![alt](url)`: local images become figures, remote ones links. */
function markdownImage(text: string, node: Image, ctx: ImageContext, findings: Finding[]): Change[] {
  const r = rangeOf(node);
  const dest = destinationRange(text, node);
  if (!r || !dest) return [];
  const written = snippet(text.slice(r[0], r[1]));
  const url = unwrapDestination(text.slice(dest[0], dest[1]));
  const target = resolveImage(ctx.catalog, ctx.self.path, url);
  if (target.kind === 'remote') {
    const edit = node.alt
      ? { start: r[0], end: r[0] + 1, insert: '' }
      : { start: r[0], end: text.indexOf('](', r[0]) + 1, insert: '[image]' };
    return [{ ...edit, message: remoteMessage(written), rule: 'remote-image', look: true, at: r[0] }];
  }
  const figure = figureOf(target, written, r[0], ctx, findings);
  if (!figure) return [];
  if (!node.alt)
    findings.push({
      at: r[0],
      message: `image ${written} has no description: write what it shows between the brackets`,
      rule: 'image',
      look: true,
    });
  return [
    {
      start: dest[0],
      end: dest[1],
      insert: `../figures/${figure.name}`,
      message: `image ${written} ${copied(figure)}`,
      rule: 'image',
      at: r[0],
    },
  ];
}

const imgTag = /<img\b[^>]*>/gi;
/** An attribute of a tag: its value and where the value is written in the tag. */
function attribute(tag: string, name: string): { value: string; start: number } | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'id').exec(tag);
  const group = m ? [1, 2, 3].find((g) => m[g] !== undefined) : undefined;
  return m && group ? { value: m[group], start: (m.indices?.[group] as [number, number])[0] } : undefined;
}

/** `<img src="…">` in HTML: the src of a local image rewritten, a remote image made a link. */
function htmlImages(text: string, node: Html, ctx: ImageContext, findings: Finding[]): Change[] {
  const r = rangeOf(node);
  if (!r) return [];
  const changes: Change[] = [];
  for (const m of text.slice(r[0], r[1]).matchAll(imgTag)) {
    const at = r[0] + m.index;
    const src = attribute(m[0], 'src');
    if (!src) continue;
    const url = src.value;
    const alt = attribute(m[0], 'alt')?.value ?? '';
    const written = snippet(m[0]);
    const target = resolveImage(ctx.catalog, ctx.self.path, url);
    if (target.kind === 'remote') {
      const alone = text.slice(r[0], r[1]).trim() === m[0];
      const insert = alone ? `[${alt || 'image'}](${url})` : `<a href="${url}">${alt || 'image'}</a>`;
      changes.push({
        start: at,
        end: at + m[0].length,
        insert,
        message: remoteMessage(written),
        rule: 'remote-image',
        look: true,
      });
      continue;
    }
    const figure = figureOf(target, written, at, ctx, findings);
    if (!figure) continue;
    const valueStart = at + src.start;
    changes.push({
      start: valueStart,
      end: valueStart + url.length,
      insert: `../figures/${figure.name}`,
      message: `image ${written} ${copied(figure)}`,
      rule: 'image',
      at,
    });
  }
  return changes;
}

const embed = /!\[\[([^[\]\n]*?)\]\]/g;

/** Obsidian embeds: `![[x.png|alt]]` becomes a figure, `![[Note]]` a link (the site does not transclude). */
function embeds(text: string, node: Text, ctx: ImageContext, findings: Finding[]): Change[] {
  const r = rangeOf(node);
  if (!r || !text.slice(r[0], r[1]).includes('![[')) return [];
  const changes: Change[] = [];
  for (const m of text.slice(r[0], r[1]).matchAll(embed)) {
    const at = r[0] + m.index;
    const link = parseWikilink(m[1]);
    // A name with an extension other than .md is a file (Obsidian embeds images and PDFs alike).
    if (!/\.[A-Za-z0-9]{2,5}$/.test(link.target) || /\.(md|markdown)$/i.test(link.target)) {
      const found = resolveWikiTarget(ctx.catalog, ctx.self.path, link.target);
      const slug = found.kind === 'note' ? found.note.slug : found.kind === 'site' ? found.slug : link.target;
      changes.push({
        start: at,
        end: at + m[0].length,
        insert: `[[${slug}]]`,
        message: `embedded note ${m[0]} written as a link [[${slug}]]: the site does not show one note inside another`,
        rule: 'wikilink',
        look: true,
      });
      continue;
    }
    const figure = figureOf(resolveImage(ctx.catalog, ctx.self.path, link.target, true), m[0], at, ctx, findings);
    if (!figure) continue;
    // `|300` is a width in Obsidian, not a description.
    const alt = link.label && !/^\d+(x\d+)?$/.test(link.label) ? link.label : '';
    const insert = `![${alt}](../figures/${figure.name})`;
    changes.push({
      start: at,
      end: at + m[0].length,
      insert,
      message:
        `embedded image ${m[0]} ${copied(figure)} and written as ${insert}` +
        `${alt ? '' : '; write what it shows between the brackets'}`,
      rule: 'image',
      look: !alt,
    });
  }
  return changes;
}

/** Every image of a note made a figure or a link. */
export function convertImages(note: PreparedNote, ctx: ImageContext): PassResult {
  const { text, tree } = note;
  const changes: Change[] = [];
  const findings: Finding[] = [];
  visit(tree, (node: Nodes) => {
    if (node.type === 'image') changes.push(...markdownImage(text, node, ctx, findings));
    else if (node.type === 'html') changes.push(...htmlImages(text, node, ctx, findings));
    else if (node.type === 'imageReference') {
      findings.push({
        at: rangeOf(node)?.[0] ?? 0,
        message:
          `reference-style image ${snippet(text.slice(...(rangeOf(node) ?? [0, 0])))} kept as written: ` +
          'write it as ![alt](path) to import it',
        rule: 'missing-image',
        look: true,
      });
    }
  });
  visitParents(tree, 'text', (node: Text, ancestors: Nodes[]) => {
    if (!ancestors.some((a) => a.type === 'link')) changes.push(...embeds(text, node, ctx, findings));
  });
  return { changes, findings };
}
