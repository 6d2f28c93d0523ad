import type { Element } from 'hast';
import katex from 'katex';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { CitationLabel } from '../lib/citations.ts';
import { parseFigure } from '../lib/figures.ts';
import { katexMacros } from '../lib/katex-macros.ts';
import { linkContextHtml } from '../lib/link-context.ts';
import { buildLinkIndex, type LinkableNote } from '../lib/link-resolver.ts';
import { problem, type Problem } from '../lib/problems.ts';
import rehypeCollectHeadings, { visibleText, type NoteHeading } from '../plugins/rehype-collect-headings.ts';
import rehypeKatexCached from '../plugins/rehype-katex-cached.ts';
import rehypeMathWords from '../plugins/rehype-math-words.ts';
import rehypeScrollWrappers from '../plugins/rehype-scroll-wrappers.ts';
import remarkCitations from '../plugins/remark-citations.ts';
import remarkFigures from '../plugins/remark-figures.ts';
import remarkNoRawHtml from '../plugins/remark-no-raw-html.ts';
import remarkWikilinks from '../plugins/remark-wikilinks.ts';
import { noteData, type FoundCitation, type FoundLink } from '../plugins/note-file.ts';

/** Everything a renderer needs to know about the whole corpus. Plain data, so it can go to a worker. */
export interface RenderSetup {
  base: string;
  notes: LinkableNote[];
  labels: [string, CitationLabel][];
  /** Figure name → SVG source, or null when the figure was refused (reported on its own file). */
  figures: [string, string | null][];
}

/** One note to render. */
export interface RenderInput {
  slug: string;
  /** Project-relative path, for messages. */
  file: string;
  /** Path relative to the notes folder. */
  path: string;
  body: string;
  /** 1-based line where the body starts in the file. */
  bodyLine: number;
}

/** What rendering one note produces. Plain data. */
export interface RenderOutput {
  html: string;
  headings: NoteHeading[];
  links: FoundLink[];
  citations: FoundCitation[];
  problems: Problem[];
  words: number;
  formulas: number;
  displayFormulas: number;
  /** What the render looked up in the rest of the corpus (see `renderFingerprint`). */
  deps: { targets: string[]; paths: string[]; keys: string[]; figures: string[] };
}

/** Version of the rendering rules; bump to invalidate cached renders. */
export const RENDER_VERSION = 1;

/** Removes KaTeX's combining underlines, which make messages unreadable in a terminal. */
function cleanKatexMessage(message: string): string {
  return message.replace(/\u0332/g, '').replace(/^KaTeX parse error: /, '');
}

/** Builds one reusable renderer for a corpus (one per build, or one per worker). */
export function createRenderer(setup: RenderSetup): (input: RenderInput) => RenderOutput {
  const { index } = buildLinkIndex(setup.notes);
  const labels = new Map(setup.labels);
  const figures = new Map<string, Element | null>();
  for (const [name, source] of setup.figures) {
    if (source === null) {
      figures.set(name, null);
      continue;
    }
    const { svg } = parseFigure(source);
    if (svg) figures.set(name, svg);
  }
  const mathCache = new Map<string, string>();
  const contextCache = new Map<string, string>();
  // Contexts (backlinks, "cited in") show math without its MathML copy: they are short previews.
  const renderInlineMath = (tex: string) => {
    let html = contextCache.get(tex);
    if (html === undefined) {
      html = katex.renderToString(tex, { macros: { ...katexMacros }, throwOnError: false, output: 'html' });
      if (contextCache.size > 20_000) contextCache.clear();
      contextCache.set(tex, html);
    }
    return html;
  };

  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkNoRawHtml)
    .use(remarkFigures, { figures })
    .use(remarkWikilinks, { index, base: setup.base })
    .use(remarkCitations, { labels, base: setup.base })
    .use(() => (tree: Root, file: VFile) => {
      // Contexts are cut once every link and citation exists, so labels read as on the page.
      const data = noteData(file);
      const labelOf = (n: Nodes) => (n.type === 'link' || n.type === 'linkReference' ? toString(n) : undefined);
      for (const pending of data.pendingContexts) {
        pending.record.context = linkContextHtml(pending.block as never, pending.node, labelOf, renderInlineMath);
      }
      data.pendingContexts = [];
      let words = 0;
      let formulas = 0;
      let displayFormulas = 0;
      visit(tree, (node) => {
        if (node.type === 'text') words += node.value.split(/\s+/).filter(Boolean).length;
        else if (node.type === 'inlineMath') formulas++;
        else if (node.type === 'math') displayFormulas++;
      });
      file.data.stats = { words: words + formulas, formulas: formulas + displayFormulas, displayFormulas };
    })
    .use(remarkRehype)
    .use(rehypeMathWords)
    // Ids come from the heading's source text (TeX included), before KaTeX adds MathML to it.
    .use(rehypeSlug)
    .use(rehypeKatexCached, { macros: katexMacros, strict: 'error', cache: mathCache })
    .use(rehypeCollectHeadings)
    .use(rehypeAutolinkHeadings, {
      behavior: 'append',
      properties: (node: Element) => ({ className: ['heading-anchor'], ariaLabel: `Link to the section “${headingText(node)}”` }),
      // The "#" is drawn by CSS (::after), so headings' text (in search results, contents) has no stray "#".
      content: [],
    })
    .use(rehypeScrollWrappers)
    // Raw nodes here are only KaTeX's output (notes' own HTML is refused before this point).
    .use(rehypeStringify, { allowDangerousHtml: true })
    .freeze();

  return (input) => {
    const file = new VFile({ value: input.body, path: input.file });
    file.data.note = {
      slug: input.slug,
      file: input.file,
      path: input.path,
      lineOffset: input.bodyLine - 1,
      problems: [],
      links: [],
      citations: [],
      pendingContexts: [],
      deps: { targets: [], paths: [], keys: [], figures: [] },
    };
    const tree = processor.runSync(processor.parse(file), file);
    const html = processor.stringify(tree, file);
    const data = file.data.note;
    const problems = [...data.problems];
    for (const message of file.messages) {
      if (message.source !== 'rehype-katex') continue;
      // rehype-katex 7.0.1 places its message at the <code> element, which has no position for
      // display math (mdast-util-math positions only the <pre> around it): fall back to the
      // nearest positioned ancestor, so a broken display formula is reported at its own line.
      const at = message.place ?? [...(message.ancestors ?? [])].reverse().find((n) => n.position)?.position;
      const place = at && 'start' in at ? at.start : at;
      problems.push(
        problem(
          input.file,
          { line: (place?.line ?? 1) + data.lineOffset, column: place?.column ?? 1 },
          `could not render math: ${cleanKatexMessage(message.cause instanceof Error ? message.cause.message : message.reason)}. Fix the TeX, or use a macro from src/lib/katex-macros.ts`,
          'math-error',
        ),
      );
    }
    const stats = file.data.stats ?? { words: 0, formulas: 0, displayFormulas: 0 };
    return {
      html: String(html),
      headings: file.data.headings ?? [],
      links: data.links,
      citations: data.citations,
      problems,
      ...stats,
      deps: data.deps,
    };
  };
}

function headingText(node: Element): string {
  return visibleText(node);
}

declare module 'vfile' {
  interface DataMap {
    stats: { words: number; formulas: number; displayFormulas: number };
  }
}
