import type { Element } from 'hast';
import vm from 'node:vm';
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
import { katexOptions, refusedTex } from '../lib/katex-options.ts';
import { linkContexts } from '../lib/link-context.ts';
import { buildLinkIndex, type LinkableNote } from '../lib/link-resolver.ts';
import { findDeepNesting, MAX_NESTING } from '../lib/markdown-limits.ts';
import { protectMarkdown, restoreProtected } from '../lib/protect-markdown.ts';
import { capProblems, problem, type Problem } from '../lib/problems.ts';
import type { NoteEquation, NoteResult } from '../lib/results.ts';
import { checkBudget, enterStep, RenderBudgetError, startBudget, type RenderBudget } from '../lib/render-budget.ts';
import { settings } from '../settings.ts';
import rehypeCollectHeadings, { visibleText, type NoteHeading } from '../plugins/rehype-collect-headings.ts';
import rehypeKatexCached from '../plugins/rehype-katex-cached.ts';
import rehypeMathWords from '../plugins/rehype-math-words.ts';
import rehypeScrollWrappers from '../plugins/rehype-scroll-wrappers.ts';
import remarkCitations from '../plugins/remark-citations.ts';
import remarkFigures from '../plugins/remark-figures.ts';
import remarkDirective from 'remark-directive';
import remarkDirectiveText from '../plugins/remark-directive-text.ts';
import remarkDollarText from '../plugins/remark-dollar-text.ts';
import remarkResults from '../plugins/remark-results.ts';
import rehypeResultStatements from '../plugins/rehype-result-statements.ts';
import remarkNoRawHtml from '../plugins/remark-no-raw-html.ts';
import remarkSafeLinks from '../plugins/remark-safe-links.ts';
import remarkWikilinks from '../plugins/remark-wikilinks.ts';
import { noteData, type FoundCitation, type FoundLink } from '../plugins/note-file.ts';

/** Everything a renderer needs to know about the whole corpus. Plain data, so it can go to a worker. */
export interface RenderSetup {
  base: string;
  notes: LinkableNote[];
  labels: [string, CitationLabel][];
  /** Figure name → SVG source, or null when the figure was refused (reported on its own file). */
  figures: [string, string | null][];
  /** How long one note may take to render (see render-budget.ts); default DLT_NOTE_BUDGET_MS. */
  budgetMs?: number;
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
  /** Numbered result blocks and equations, in order. */
  results: NoteResult[];
  equations: NoteEquation[];
  /** What the render looked up in the rest of the corpus (see `renderFingerprint`). */
  deps: { targets: string[]; paths: string[]; keys: string[]; figures: string[] };
}

/** A render without its HTML: what is kept in memory and in the cache's JSON. */
export type RenderMeta = Omit<RenderOutput, 'html'>;

/** Version of the rendering rules; bump to invalidate cached renders. */
export const RENDER_VERSION = 1;

/** Removes KaTeX's combining underlines, which make messages unreadable in a terminal. */
function cleanKatexMessage(message: string): string {
  return message.replace(/\u0332/g, '').replace(/^KaTeX parse error: /, '');
}

/** Builds one reusable renderer for a corpus (one per build, or one per worker). */
export function createRenderer(setup: RenderSetup): (input: RenderInput, onProgress?: RenderBudget['onProgress']) => RenderOutput {
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
      html = refusedTex(tex) ? '' : katex.renderToString(tex, { ...katexOptions(false, 'ignore'), throwOnError: false, output: 'html' });
      if (contextCache.size > 20_000) contextCache.clear();
      contextCache.set(tex, html);
    }
    return html;
  };

  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkDirective)
    .use(step('restoring protected characters', () => (tree: Root, file: VFile) => {
      if (!file.data.note?.protected) return;
      visit(tree, (node) => {
        if ('value' in node && typeof node.value === 'string') node.value = restoreProtected(node.value);
        // mdast-util-math copies a formula into data.hChildren when it parses it.
        for (const child of (node.data as { hChildren?: { value?: string }[] } | undefined)?.hChildren ?? []) {
          if (typeof child.value === 'string') child.value = restoreProtected(child.value);
        }
      });
    }))
    .use(step('stray directives', remarkDirectiveText))
    .use(step('dollar signs', remarkDollarText))
    .use(step('raw HTML', remarkNoRawHtml))
    .use(step('link safety', remarkSafeLinks))
    .use(step('figures', remarkFigures), { figures })
    .use(step('wikilinks', remarkWikilinks), { index, base: setup.base })
    .use(step('citations', remarkCitations), { labels, base: setup.base })
    .use(step('result blocks', remarkResults))
    .use(step('link contexts', () => (tree: Root, file: VFile) => {
      // Contexts are cut once every link and citation exists, so labels read as on the page.
      const data = noteData(file);
      const labelOf = (n: Nodes) => (n.type === 'link' || n.type === 'linkReference' ? toString(n) : undefined);
      // One pass per block, however many links it holds.
      const byBlock = new Map<Nodes, typeof data.pendingContexts>();
      for (const pending of data.pendingContexts) {
        const list = byBlock.get(pending.block) ?? [];
        list.push(pending);
        byBlock.set(pending.block, list);
      }
      for (const [block, pendings] of byBlock) {
        checkBudget(data.budget);
        const contexts = linkContexts(block as never, pendings.map((p) => p.node), labelOf, renderInlineMath);
        pendings.forEach((p, k) => (p.record.context = contexts[k]));
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
    }))
    .use(step('HTML conversion', remarkRehype))
    .use(step('formula words', rehypeMathWords))
    // Ids come from the heading's source text (TeX included), before KaTeX adds MathML to it.
    .use(step('heading ids', rehypeSlug))
    .use(step('KaTeX', rehypeKatexCached), { macros: katexMacros, strict: 'error', cache: mathCache })
    .use(step('result statements', rehypeResultStatements))
    .use(step('headings', rehypeCollectHeadings))
    .use(step('heading anchors', rehypeAutolinkHeadings), {
      behavior: 'append',
      // Result headings carry their own anchor, to the result's label.
      test: (node: Element) => !(Array.isArray(node.properties.className) && node.properties.className.includes('result-heading')),
      properties: (node: Element) => ({ className: ['heading-anchor'], ariaLabel: `Link to the section “${headingText(node)}”` }),
      // The "#" is drawn by CSS (::after), so headings' text (in search results, contents) has no stray "#".
      content: [],
    })
    .use(step('scroll boxes', rehypeScrollWrappers))
    // Raw nodes here are only KaTeX's output (notes' own HTML is refused before this point).
    .use(rehypeStringify, { allowDangerousHtml: true })
    .freeze();

  const renderNote = (input: RenderInput, budget: RenderBudget): RenderOutput => {
    // Parsed with table pipes and link dollars hidden (protectMarkdown); the file keeps the
    // original text, of the same length, for locating matches and for messages.
    const protectedBody = protectMarkdown(input.body);
    const file = new VFile({ value: protectedBody, path: input.file });
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
      budget,
      protected: protectedBody !== input.body,
    };
    const parsed = processor.parse(file);
    file.value = input.body;
    const tree = processor.runSync(parsed as Root, file);
    enterStep(budget, 'HTML output');
    const html = processor.stringify(tree as never, file);
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
      results: data.results ?? [],
      equations: data.equations ?? [],
      deps: data.deps,
    };
  };

  const sandbox = vm.createContext({ job: undefined as (() => RenderOutput) | undefined });
  const hardStop = new vm.Script('job()');

  return (input, onProgress) => {
    const deep = findDeepNesting(input.body);
    if (deep) {
      const message = `quotes and lists nest ${deep.depth} levels deep here; the limit is ${MAX_NESTING}. Flatten the structure (use headings, or fewer levels)`;
      return failedRender(problem(input.file, { line: deep.line + input.bodyLine - 1, column: 1 }, message, 'nesting-too-deep'));
    }
    const budget = startBudget(setup.budgetMs ?? settings().DLT_NOTE_BUDGET_MS, onProgress);
    try {
      // The render runs under a vm timeout: V8 stops it even inside a single step that never
      // returns to a budget check (micromark takes minutes on some inputs, e.g. 50,000 "*a").
      sandbox.job = () => renderNote(input, budget);
      const output = hardStop.runInContext(sandbox, { timeout: budget.budgetMs + 1000 }) as RenderOutput;
      output.problems = capProblems(output.problems);
      return output;
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const place = { line: budget.line ?? input.bodyLine, column: 1 };
      if (e instanceof RenderBudgetError || e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        const stopped = new RenderBudgetError(budget);
        return failedRender(problem(input.file, place, `${stopped.message}${budget.line ? ' (around this line)' : ''}. Split the note, or simplify what that step works on`, 'render-timeout'));
      }
      const why = e instanceof RangeError && /call stack/i.test(e.message) ? 'the Markdown nests too deeply for the parser' : `${e.name}: ${e.message.split('\n')[0]}`;
      return failedRender(problem(input.file, place, `could not render the note in the ${budget.step} step: ${why}`, 'render-failed'));
    } finally {
      sandbox.job = undefined;
    }
  };
}

/** The output of a note that could not be rendered: nothing but the problem that says why. */
function failedRender(p: Problem): RenderOutput {
  return { html: '', headings: [], links: [], citations: [], problems: [p], words: 0, formulas: 0, displayFormulas: 0, results: [], equations: [], deps: { targets: [], paths: [], keys: [], figures: [] } };
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

function headingText(node: Element): string {
  return visibleText(node);
}

declare module 'vfile' {
  interface DataMap {
    stats: { words: number; formulas: number; displayFormulas: number };
  }
}
