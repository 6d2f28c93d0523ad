import vm from 'node:vm';
import type { Root } from 'mdast';
import { VFile } from 'vfile';
import type { CitationLabel } from '../lib/citations.ts';
import { buildLinkIndex, type LinkableNote } from '../lib/link-resolver.ts';
import { findDeepNesting, MAX_NESTING } from '../lib/markdown-limits.ts';
import { capProblems, problem, type Problem } from '../lib/problems.ts';
import { protectMarkdown } from '../lib/protect-markdown.ts';
import { enterStep, RenderBudgetError, startBudget, type RenderBudget } from '../lib/render-budget.ts';
import type { NoteEquation, NoteResult } from '../lib/results.ts';
import type { FoundCitation, FoundLink } from '../plugins/note-file.ts';
import type { NoteHeading } from '../plugins/rehype-collect-headings.ts';
import { settings } from '../settings.ts';
import { createProcessor } from './note-processor.ts';
import type { FigureSource } from './read-figures.ts';

/** Everything a renderer needs to know about the whole corpus. Plain data, so it can go to a worker. */
export interface RenderSetup {
  base: string;
  notes: LinkableNote[];
  labels: [string, CitationLabel][];
  /** Figure name → SVG source, or null when the figure was refused (reported on its own file). */
  figures: [string, FigureSource][];
  /** False when the bibliography is missing: citation keys are then not checked one by one. */
  checkCitations?: boolean;
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
  /** Names of the symbols the note's formulas use (`nabla`, `norm`), for the search index. */
  mathTokens: string[];
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

/** Renders one note with the unified processor: its HTML and everything the plugins collected. */
function runProcessor(
  processorFor: ReturnType<typeof createProcessor>,
  input: RenderInput,
  budget: RenderBudget,
): RenderOutput {
  // Parsed with table pipes and link dollars hidden (protectMarkdown); the file keeps the
  // original text, of the same length, for locating matches and for messages.
  const protectedBody = protectMarkdown(input.body);
  const processor = processorFor(protectedBody);
  const file = new VFile({ value: protectedBody, path: input.file });
  file.data.note = {
    slug: input.slug,
    file: input.file,
    path: input.path,
    lineOffset: input.bodyLine - 1,
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
  const problems = messageProblems(file, input.file, data.lineOffset);
  const stats = file.data.stats ?? { words: 0, formulas: 0, displayFormulas: 0, mathTokens: [] };
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
}

/** Why a render stopped: its budget ran out (or V8 stopped it), or a step threw. */
function renderProblem(e: NodeJS.ErrnoException, input: RenderInput, budget: RenderBudget): Problem {
  const place = { line: budget.line ?? input.bodyLine, column: 1 };
  if (e instanceof RenderBudgetError || e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
    const stopped = new RenderBudgetError(budget);
    const message =
      `${stopped.message}${budget.line ? ' (around this line)' : ''}. ` +
      'Split the note, or simplify what that step works on';
    return problem(input.file, place, message, 'render-timeout');
  }
  const why =
    e instanceof RangeError && /call stack/i.test(e.message)
      ? 'the Markdown nests too deeply for the parser'
      : `${e.name}: ${e.message.split('\n')[0]}`;
  return problem(input.file, place, `could not render the note in the ${budget.step} step: ${why}`, 'render-failed');
}

/**
 * How long notes keep starting under one watchdog. V8 stops a render that overruns inside a single
 * step through `vm`'s timeout, which starts a watchdog thread per call (about 0.2-0.5 ms, 0.46 s of
 * a render thread's 14 s for 1,000 notes when each note had its own): notes now start under one
 * watchdog for this long, so each still gets at least its budget and one second before the hard
 * stop, and at most this much more.
 */
const WATCH_WINDOW_MS = 250;

/** Renders one note; `many` renders several in order, the same as one call each. */
export interface Renderer {
  (input: RenderInput, onProgress?: RenderBudget['onProgress']): RenderOutput;
  many(inputs: readonly RenderInput[], onProgress?: RenderBudget['onProgress']): RenderOutput[];
}

/**
 * Builds one reusable renderer for a corpus (one per build, or one per worker). `index` is the link
 * index of `setup.notes`, if the caller has built it.
 */
export function createRenderer(setup: RenderSetup, index = buildLinkIndex(setup.notes).index): Renderer {
  const processor = createProcessor({
    base: setup.base,
    index,
    labels: new Map(setup.labels),
    figures: setup.figures,
    checkCitations: setup.checkCitations,
  });
  const budgetMs = setup.budgetMs ?? settings().DLT_NOTE_BUDGET_MS;
  const renderOne = (input: RenderInput, budget: RenderBudget): RenderOutput => {
    const deep = findDeepNesting(input.body);
    if (deep) {
      const message =
        `quotes and lists nest ${deep.depth} levels deep here; the limit is ${MAX_NESTING}. ` +
        'Flatten the structure (use headings, or fewer levels)';
      return failedRender(
        problem(input.file, { line: deep.line + input.bodyLine - 1, column: 1 }, message, 'nesting-too-deep'),
      );
    }
    const output = runProcessor(processor, input, budget);
    output.problems = capProblems(output.problems);
    return output;
  };

  const sandbox = vm.createContext({ job: undefined as (() => void) | undefined });
  const hardStop = new vm.Script('job()');
  const many: Renderer['many'] = (inputs, onProgress) => {
    const outputs: RenderOutput[] = [];
    while (outputs.length < inputs.length) {
      let current: { at: number; budget: RenderBudget } | undefined;
      // The render runs under a vm timeout: V8 stops it even inside a single step that never
      // returns to a budget check (micromark takes minutes on some inputs, e.g. 50,000 "*a").
      sandbox.job = () => {
        const until = performance.now() + WATCH_WINDOW_MS;
        do {
          current = { at: outputs.length, budget: startBudget(budgetMs, onProgress) };
          outputs.push(renderOne(inputs[current.at], current.budget));
        } while (outputs.length < inputs.length && performance.now() < until);
      };
      try {
        hardStop.runInContext(sandbox, { timeout: budgetMs + 1000 + WATCH_WINDOW_MS });
      } catch (error) {
        // The note that was running when a step threw or V8 stopped it (unless it had just finished).
        if (current?.at === outputs.length)
          outputs.push(failedRender(renderProblem(error as NodeJS.ErrnoException, inputs[current.at], current.budget)));
      } finally {
        sandbox.job = undefined;
      }
    }
    return outputs;
  };
  return Object.assign((input: RenderInput, onProgress?: RenderBudget['onProgress']) => many([input], onProgress)[0], {
    many,
  });
}

/**
 * Every message the plugins reported (`file.message`, in body coordinates), as the project's
 * problems: in the whole file, frontmatter lines added. Math errors come from rehype-katex-cached,
 * which reports like rehype-katex 7.0.1: at the <code> element, which has no position for display
 * math (mdast-util-math positions only the <pre> around it), so the nearest positioned ancestor is
 * used and a broken display formula is reported at its own line.
 */
function messageProblems(file: VFile, path: string, lineOffset: number): Problem[] {
  return file.messages.map((message) => {
    const at = message.place ?? [...(message.ancestors ?? [])].reverse().find((n) => n.position)?.position;
    const point = at && 'start' in at ? at.start : at;
    const place = { line: (point?.line ?? 1) + lineOffset, column: point?.column ?? 1 };
    if (message.source === 'rehype-katex') {
      const reason = cleanKatexMessage(message.cause instanceof Error ? message.cause.message : message.reason);
      return problem(
        path,
        place,
        `could not render math: ${reason}. Fix the TeX, or use a macro from src/lib/katex-macros.ts`,
        'math-error',
      );
    }
    return problem(path, place, message.reason, message.ruleId ?? 'problem', message.fatal ? 'error' : 'warning');
  });
}

/** The output of a note that could not be rendered: nothing but the problem that says why. */
function failedRender(p: Problem): RenderOutput {
  return {
    html: '',
    headings: [],
    links: [],
    citations: [],
    problems: [p],
    words: 0,
    formulas: 0,
    displayFormulas: 0,
    mathTokens: [],
    results: [],
    equations: [],
    deps: { targets: [], paths: [], keys: [], figures: [] },
  };
}
