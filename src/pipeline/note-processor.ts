import type { Element } from 'hast';
import { h } from 'hastscript';
import katex from 'katex';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import type { CitationLabel } from '../lib/citations.ts';
import { parseFigure } from '../lib/figures.ts';
import type { HtmlContext } from '../lib/html-policy.ts';
import { escapeHtml, flatString } from '../lib/html.ts';
import { expandMacros, katexMacros } from '../lib/katex-macros.ts';
import { dropInvisible, katexOptions, refusedTex } from '../lib/katex-options.ts';
import type { LinkIndex } from '../lib/link-resolver.ts';
import { mathStandIn } from '../lib/math-text.ts';
import { enterStep } from '../lib/render-budget.ts';
import { withBase } from '../lib/slugs.ts';
import rehypeCollectHeadings, { visibleText } from '../plugins/rehype-collect-headings.ts';
import { rehypeHeadingAnchors, rehypeHeadingIds } from '../plugins/rehype-headings.ts';
import rehypeKatexCached from '../plugins/rehype-katex-cached.ts';
import rehypeMathWords from '../plugins/rehype-math-words.ts';
import rehypeResultStatements from '../plugins/rehype-result-statements.ts';
import rehypeSafeHtml from '../plugins/rehype-safe-html.ts';
import rehypeScrollWrappers from '../plugins/rehype-scroll-wrappers.ts';
import remarkCitations from '../plugins/remark-citations.ts';
import remarkDirectiveText from '../plugins/remark-directive-text.ts';
import remarkDollarText from '../plugins/remark-dollar-text.ts';
import remarkFigures from '../plugins/remark-figures.ts';
import remarkGfmNoAutolinkLiterals, {
  mayHaveAutolinkLiteral,
  mayHaveTable,
} from '../plugins/remark-gfm-no-autolink-literals.ts';
import remarkLinkContexts from '../plugins/remark-link-contexts.ts';
import remarkNoteStats from '../plugins/remark-note-stats.ts';
import remarkRestoreProtected from '../plugins/remark-restore-protected.ts';
import remarkResults from '../plugins/remark-results.ts';
import remarkSafeLinks from '../plugins/remark-safe-links.ts';
import remarkWikilinks from '../plugins/remark-wikilinks.ts';
import type { FigureSource } from './read-figures.ts';

/**
 * The note pipeline, declared in order: parse (GFM, math, directives), repair what parsing could not
 * know, check and refuse what must not be published, resolve links, citations and result blocks,
 * then HTML, KaTeX and headings. Each plugin is a named step of the note's time budget.
 */

/** What the pipeline knows about the rest of the corpus. */
export interface ProcessorContext {
  base: string;
  index: LinkIndex;
  labels: ReadonlyMap<string, CitationLabel>;
  figures: [string, FigureSource][];
  /** False when there is no bibliography to check citation keys against (see remark-citations). */
  checkCitations?: boolean;
}

/**
 * Contexts (backlinks, "cited in") show math without its MathML copy, which would weigh about as
 * much as the rest of a snippet: screen readers get the formula's TeX (site macros written out)
 * instead, and search excerpts, which leave KaTeX's markup out, a readable stand-in.
 */
function contextMathRenderer(): (tex: string) => string {
  const contextMath = new Map<string, string>();
  return (tex: string) => {
    let html = contextMath.get(tex);
    if (html === undefined) {
      const visible = dropInvisible(tex).tex;
      html = refusedTex(tex)
        ? ''
        : katex.renderToString(visible, { ...katexOptions(false, 'ignore'), throwOnError: false, output: 'html' }) +
          `<span class="visually-hidden math-tex" data-pagefind-ignore>${escapeHtml(expandMacros(visible))}</span>` +
          `<span class="math-words" aria-hidden="true"> ${escapeHtml(mathStandIn(tex))}</span>`;
      html = flatString(html);
      if (contextMath.size > 20_000) contextMath.clear();
      contextMath.set(tex, html);
    }
    return html;
  };
}

/**
 * Builds the note pipeline once (per build, or per render worker): a function that gives the frozen
 * processor for a note's Markdown. There are three, sharing their caches: with all of GFM, without its
 * autolink literals for Markdown that has nothing they could match, and without its tables either for
 * Markdown that has no line a table needs (see remark-gfm-no-autolink-literals).
 */
export function createProcessor(ctx: ProcessorContext) {
  const figures = new Map<string, Element | null>();
  const htmlContext: HtmlContext = { rasterUrls: new Map(), svgNames: new Set() };
  for (const [name, source] of ctx.figures) {
    if (source !== null && typeof source === 'object') {
      const src = withBase(ctx.base, `figures/${encodeURIComponent(name)}`);
      (htmlContext.rasterUrls as Map<string, string>).set(name, src);
      figures.set(
        name,
        h('img', { src, width: source.width, height: source.height, loading: 'lazy', decoding: 'async' }),
      );
      continue;
    }
    (htmlContext.svgNames as Set<string>).add(name);
    const svg = source === null ? null : parseFigure(source).svg;
    if (svg !== undefined) figures.set(name, svg);
  }
  const renderMath = contextMathRenderer();
  // Both processors share what KaTeX rendered, and the strict-mode warnings that go with it.
  const rendered = { cache: new Map<string, string>(), complaints: new Map<string, string[]>() };
  const build = (autolinkLiterals: boolean, tables = true) =>
    unified()
      .use(remarkParse)
      .use({ plugins: autolinkLiterals ? [remarkGfm] : [[remarkGfmNoAutolinkLiterals, { tables }]] })
      .use(remarkMath)
      .use(remarkDirective)
      .use(step('restoring protected characters', remarkRestoreProtected))
      .use(step('stray directives', remarkDirectiveText))
      .use(step('dollar signs', remarkDollarText))
      .use(step('link safety', remarkSafeLinks))
      .use(step('figures', remarkFigures), { figures })
      .use(step('wikilinks', remarkWikilinks), { index: ctx.index, base: ctx.base })
      .use(step('citations', remarkCitations), { labels: ctx.labels, base: ctx.base, checkKeys: ctx.checkCitations })
      .use(step('result blocks', remarkResults))
      .use(step('link contexts', remarkLinkContexts), { renderMath })
      .use(step('statistics', remarkNoteStats))
      .use(step('HTML conversion', remarkRehype), { allowDangerousHtml: true })
      .use(step('inline HTML', rehypeSafeHtml), htmlContext)
      .use(step('formula words', rehypeMathWords))
      // Ids come from the heading's source text (TeX included), before KaTeX adds MathML to it.
      .use(step('heading ids', rehypeHeadingIds))
      .use(step('KaTeX', rehypeKatexCached), { macros: katexMacros, strict: 'warn', ...rendered })
      .use(step('result statements', rehypeResultStatements))
      .use(step('headings', rehypeCollectHeadings))
      .use(step('heading anchors', rehypeHeadingAnchors), {
        // Result headings carry their own anchor, to the result's label.
        test: (node: Element) =>
          !(Array.isArray(node.properties.className) && node.properties.className.includes('result-heading')),
        // The "#" is drawn by CSS (::after), so headings' text (in search results, contents) has no stray "#".
        properties: (node: Element) => ({
          className: ['heading-anchor'],
          ariaLabel: `Link to the section “${visibleText(node)}”`,
        }),
      })
      .use(step('scroll boxes', rehypeScrollWrappers))
      // Raw nodes here are only KaTeX's output (notes' own HTML was parsed and sanitized above).
      .use(rehypeStringify, { allowDangerousHtml: true })
      .freeze();
  const full = build(true);
  const lean = build(false);
  const leanest = build(false, false);
  return (markdown: string) => (mayHaveAutolinkLiteral(markdown) ? full : mayHaveTable(markdown) ? lean : leanest);
}

/**
 * Wraps a unified plugin so that its transformer first records its step in the note's budget
 * (and stops the note when the budget is spent), so a slow or crashing step can be named.
 */
function step<A extends unknown[]>(name: string, plugin: (...args: A) => unknown) {
  return function (this: unknown, ...args: A) {
    const transformer = plugin.apply(this, args) as ((tree: never, file: VFile) => unknown) | undefined;
    if (typeof transformer !== 'function') return transformer;
    return (tree: never, file: VFile) => {
      enterStep(file.data.note?.budget, name);
      return transformer(tree, file);
    };
  } as (...args: A) => never;
}
