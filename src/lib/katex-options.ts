import type { KatexOptions, TrustContext } from 'katex';
import { katexMacros } from './katex-macros.ts';
import { isSafeUrl } from './safe-url.ts';

/**
 * The KaTeX options every render of this site uses (note bodies, link contexts, the checker), so
 * a formula renders and fails the same way everywhere. Bounded: KaTeX stops after `maxExpand`
 * macro expansions, sizes are capped, and only \href and \url to http(s) and mailto are trusted.
 */

/** At most this many macro expansions per formula (KaTeX's own default, stated here on purpose). */
export const MAX_EXPAND = 1000;
/** The largest size, in em, a formula may ask for (\rule, \kern, \raisebox…). */
export const MAX_SIZE_EM = 100;

/** Commands that define macros. The site's macros live in katex-macros.ts, shared by every note. */
const macroDefinition = /\\(?:[gex]?def|let|futurelet|(?:re)?newcommand|providecommand|global)(?![a-zA-Z@])/;

/**
 * Why a formula is refused before KaTeX sees it, or undefined. A macro defined inside a formula
 * can expand a short note into millions of symbols (one definition that calls itself, 1,000
 * times), so definitions belong in the shared macro file.
 */
export function refusedTex(tex: string): string | undefined {
  const m = macroDefinition.exec(tex);
  if (!m) return undefined;
  return (
    `${m[0]} defines a macro inside a formula, which is not allowed: ` +
    'add the macro to src/lib/katex-macros.ts (shared by every note) and use it here'
  );
}

/** KaTeX commands that are refused (KaTeX would silently draw them in red): what to write instead. */
const untrusted: Record<string, string> = {
  '\\includegraphics':
    'images inside formulas are not allowed (the site makes no outside requests): ' +
    'put an SVG figure in content/figures/',
  '\\htmlClass': 'raw HTML attributes inside formulas are not allowed',
  '\\htmlId': 'raw HTML attributes inside formulas are not allowed',
  '\\htmlStyle': 'raw HTML attributes inside formulas are not allowed',
  '\\htmlData': 'raw HTML attributes inside formulas are not allowed',
};

/** Decides KaTeX's `trust` and remembers why anything was refused, so the caller can report it. */
export function trustPolicy(): { trust: (context: TrustContext) => boolean; refused: string[] } {
  const refused: string[] = [];
  const trust = (context: TrustContext) => {
    if (context.command === '\\href' || context.command === '\\url') {
      if (isSafeUrl(context.url)) return true;
      refused.push(`${context.command}{${context.url}} is not allowed: links may only be http(s), mailto or relative`);
      return false;
    }
    refused.push(`${context.command} ${untrusted[context.command] ?? 'is not allowed in a formula'}`);
    return false;
  };
  return { trust, refused };
}

/** Options for one KaTeX render (a fresh copy of the macros: KaTeX writes \gdef results into it). */
export function katexOptions(
  displayMode: boolean,
  strict: KatexOptions['strict'],
  trust: KatexOptions['trust'] = false,
  macros: Readonly<Record<string, string>> = katexMacros,
): KatexOptions {
  return {
    macros: { ...macros },
    displayMode,
    strict,
    trust,
    maxExpand: MAX_EXPAND,
    maxSize: MAX_SIZE_EM,
    throwOnError: true,
  };
}

/** Invisible characters that slip into formulas pasted from PDFs and web pages. */
const INVISIBLE: Record<number, string> = {
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x2060: 'word joiner',
  0xfeff: 'byte order mark',
};
/** Unicode characters with a TeX spelling KaTeX and LaTeX both accept. */
const TEX_SPELLING: Record<number, string> = {
  0x2032: "' (or ^\\prime)",
  0x2033: "'' (or ^{\\prime\\prime})",
  0x2034: "''' (or ^{\\prime\\prime\\prime})",
  0xa0: '~ (a non-breaking space) or a normal space',
  0x2212: '-',
  0x2009: '\\, (a thin space)',
};

const INVISIBLE_CHARS = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * A formula without the invisible characters pasted text brings along, and the advice to delete
 * them. KaTeX would draw them as nothing and print a font warning; the author meant nothing there.
 */
export function dropInvisible(tex: string): { tex: string; advice: string[] } {
  const found = new Set(tex.match(INVISIBLE_CHARS) ?? []);
  if (found.size === 0) return { tex, advice: [] };
  return {
    tex: tex.replace(INVISIBLE_CHARS, ''),
    advice: [...found].map((c) => strictAdvice('unknownSymbol', `character "${c}" (${c.codePointAt(0)})`)),
  };
}

/**
 * What to do about a formula KaTeX renders but LaTeX would refuse (KaTeX's strict-mode complaint,
 * by its code). These are warnings: the page is right, but the formula does not compile elsewhere.
 */
export function strictAdvice(code: string, message: string): string {
  const char = /character "(.+?)" \((\d+)\)/.exec(message);
  const point = char ? Number(char[2]) : undefined;
  const hex = point === undefined ? '' : `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
  if (point !== undefined && INVISIBLE[point])
    return `the formula contains an invisible ${INVISIBLE[point]} (${hex}): delete it`;
  if (point !== undefined && TEX_SPELLING[point])
    return `the formula contains "${char?.[1]}" (${hex}), which LaTeX does not accept: write ${TEX_SPELLING[point]}`;
  if (code === 'unknownSymbol')
    return (
      `the formula contains "${char?.[1] ?? '?'}" (${hex}), which LaTeX does not accept in math: ` +
      'write it as a TeX command (\\alpha for α, \\le for ≤) or inside \\text{…}'
    );
  if (code === 'unicodeTextInMathMode')
    return (
      `${message}: LaTeX does not accept it in math; ` +
      'put the word in \\text{…} or use an accent command (\\acute{e})'
    );
  if (code === 'commentAtEnd')
    return (
      'the formula ends inside a % comment, which LaTeX would not close: ' +
      'escape the percent sign as \\% or end the comment with a new line'
    );
  if (code === 'newLineInDisplayMode')
    return (
      '\\\\ does nothing in a one-line display formula: ' +
      'for several lines use \\begin{aligned}…\\end{aligned} or \\begin{gathered}…\\end{gathered}'
    );
  return `${message}: KaTeX renders it, but LaTeX would not`;
}
