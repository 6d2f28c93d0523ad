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
  return `${m[0]} defines a macro inside a formula, which is not allowed: add the macro to src/lib/katex-macros.ts (shared by every note) and use it here`;
}

/** KaTeX commands that are refused (KaTeX would silently draw them in red): what to write instead. */
const untrusted: Record<string, string> = {
  '\\includegraphics': 'images inside formulas are not allowed (the site makes no outside requests): put an SVG figure in content/figures/',
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
  return { macros: { ...macros }, displayMode, strict, trust, maxExpand: MAX_EXPAND, maxSize: MAX_SIZE_EM, throwOnError: true };
}
