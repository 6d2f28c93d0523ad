import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import katex from 'katex';
import { SKIP, visitParents } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { escapeHtml, flatString } from '../lib/html.ts';
import { expandMacros } from '../lib/katex-macros.ts';
import { dropInvisible, katexOptions, refusedTex, strictAdvice, trustPolicy } from '../lib/katex-options.ts';
import { checkBudget } from '../lib/render-budget.ts';
import { report, startOf } from './note-file.ts';

export interface KatexCachedOptions {
  macros: Readonly<Record<string, string>>;
  /**
   * KaTeX's strict mode. With 'warn', what KaTeX can render but LaTeX would refuse (a Unicode prime,
   * a zero-width space) is a warning with the fix, reported like the note's other problems; parse
   * errors are always errors.
   */
  strict?: 'warn' | 'ignore';
  /** Shared across notes (and kept per worker): formulas repeat a lot across a corpus. */
  cache?: Map<string, string>;
  /**
   * Strict-mode complaints by cache key, so a cached formula warns again in every note that uses it;
   * shared by whoever shares `cache`.
   */
  complaints?: Map<string, string[]>;
}

/**
 * KaTeX's MathML keeps the formula's TeX as an annotation, which is what copying a formula copies
 * (katex/contrib/copy-tex) and what screen readers may offer: write the site's macros out there,
 * so the copied TeX compiles in any LaTeX document. The rendering itself is unchanged.
 */
function withPortableTex(html: string, tex: string, macros: Readonly<Record<string, string>>): string {
  const portable = expandMacros(tex, macros);
  if (portable === tex) return html;
  return html.replace(
    /(<annotation encoding="application\/x-tex">)[^<]*(<\/annotation>)/,
    (_m, open: string, close: string) => `${open}${escapeHtml(portable)}${close}`,
  );
}

/** The cache is bounded so a huge corpus cannot grow it without limit. */
const MAX_CACHE = 50_000;

/** One formula rendered; throws what KaTeX or the site's policy refuses. `advice` lists strict-mode complaints. */
function renderFormula(
  tex: string,
  displayMode: boolean,
  options: KatexCachedOptions,
): { html: string; advice: string[] } {
  const refusal = refusedTex(tex);
  if (refusal) throw new Error(refusal);
  const policy = trustPolicy();
  const visible = options.strict === 'warn' ? dropInvisible(tex) : { tex, advice: [] };
  const advice = visible.advice;
  const strict =
    options.strict === 'warn'
      ? (code: string, message: string) => (advice.push(strictAdvice(code, message)), 'ignore' as const)
      : 'ignore';
  const html = withPortableTex(
    katex.renderToString(visible.tex, katexOptions(displayMode, strict, policy.trust, options.macros)),
    visible.tex,
    options.macros,
  );
  // KaTeX draws an untrusted \href or \includegraphics in red without an error: make it one.
  if (policy.refused.length > 0) throw new Error(policy.refused.join('; '));
  return { html, advice };
}

/** What a formula that could not be rendered shows: KaTeX's red rendering, or its source when it was refused. */
function fallbackHtml(tex: string, displayMode: boolean, macros: Readonly<Record<string, string>>): string {
  const escaped = `<span class="katex-error">${escapeHtml(tex)}</span>`;
  try {
    // A refused formula is shown as its source: rendering it would run what was refused.
    if (refusedTex(tex)) return escaped;
    const visible = dropInvisible(tex).tex;
    return withPortableTex(
      katex.renderToString(visible, { ...katexOptions(displayMode, 'ignore', false, macros), throwOnError: false }),
      visible,
      macros,
    );
  } catch {
    return escaped;
  }
}

/**
 * Renders remark-math's `math-inline` / `math-display` elements with KaTeX, like rehype-katex 7
 * (same KaTeX 0.16, same options, same classes, errors reported through `file.message` with
 * source `rehype-katex` and KaTeX's reason), with two differences measured to matter
 * (npm run bench; rehype-katex spends ~90% of its time re-parsing KaTeX's HTML into a syntax tree):
 * KaTeX's HTML is inserted as a raw node instead of being parsed back into hast, and each distinct
 * formula is rendered once per build thread. Display math is wrapped in a box that scrolls
 * sideways when the formula is wider than the column (src/scripts/scroll-boxes.ts makes the boxes
 * that scroll tab stops). tests/plugins checks its output against rehype-katex's.
 */
export default function rehypeKatexCached(options: KatexCachedOptions) {
  const cache = options.cache ?? new Map<string, string>();
  const complaints = options.complaints ?? new Map<string, string[]>();
  const render = (
    tex: string,
    displayMode: boolean,
    file: VFile,
    place: Element,
    ancestors: (Root | Element)[],
  ): string => {
    const data = file.data.note;
    const at = place.position ?? [...ancestors].reverse().find((n) => n.position)?.position;
    checkBudget(data?.budget, at ? at.start.line + (data?.lineOffset ?? 0) : undefined);
    const key = `${displayMode ? 'D' : 'I'}${tex}`;
    const warn = (advice: string[]) => {
      for (const a of advice) report(file, startOf(at ? { position: at } : undefined), a, 'math-strict', 'warning');
    };
    const hit = cache.get(key);
    if (hit !== undefined) {
      warn(complaints.get(key) ?? []);
      return hit;
    }
    try {
      const { html: cons, advice } = renderFormula(tex, displayMode, options);
      const html = flatString(cons);
      if (cache.size >= MAX_CACHE) {
        cache.clear();
        complaints.clear();
      }
      cache.set(key, html);
      if (advice.length > 0) complaints.set(key, advice);
      warn(advice);
      return html;
    } catch (error) {
      const cause = error as Error;
      const ruleId = cause.name.toLowerCase();
      file.message('Could not render math with KaTeX', {
        ancestors: [...ancestors, place] as never,
        cause,
        place: place.position,
        ruleId,
        source: 'rehype-katex',
      });
      return fallbackHtml(tex, displayMode, options.macros);
    }
  };

  return (tree: Root, file: VFile) => {
    replaceMath(tree, (tex, displayMode, element, parents) => render(tex, displayMode, file, element, parents));
  };
}

type Render = (tex: string, displayMode: boolean, element: Element, parents: (Root | Element)[]) => string;

/**
 * Replaces each math element with `render`'s HTML as a raw node, display math in its scrolling box.
 * ```math fences and $$ blocks arrive as <pre><code class="language-math">: the <pre> is replaced.
 */
function replaceMath(tree: Root, render: Render): void {
  visitParents(tree, 'element', (element: Element, parents) => {
    const classes = Array.isArray(element.properties.className) ? element.properties.className : [];
    const languageMath = classes.includes('language-math');
    if (!languageMath && !classes.includes('math-display') && !classes.includes('math-inline')) return undefined;
    let parent = parents[parents.length - 1];
    let scope: Element = element;
    let displayMode = classes.includes('math-display');
    if (element.tagName === 'code' && languageMath && parent?.type === 'element' && parent.tagName === 'pre') {
      scope = parent;
      parent = parents[parents.length - 2];
      displayMode = true;
    }
    if (!parent) return undefined;
    const html = render(toText(scope, { whitespace: 'pre' }), displayMode, element, parents as (Root | Element)[]);
    const raw = { type: 'raw', value: html } as unknown as ElementContent;
    // A numbered equation (remark-results) keeps its label as the box's id, so links land on it.
    const equation = element.properties.dataEquation;
    const numbered =
      typeof equation === 'string' ? { id: equation, dataEquationNumber: element.properties.dataEquationNumber } : {};
    const replacement: ElementContent = displayMode
      ? { type: 'element', tagName: 'div', properties: { className: ['math-display'], ...numbered }, children: [raw] }
      : raw;
    parent.children.splice(parent.children.indexOf(scope as ElementContent), 1, replacement);
    return SKIP;
  });
}
