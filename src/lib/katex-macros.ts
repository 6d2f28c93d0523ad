/**
 * The one set of KaTeX macros shared by the site build, the content checker and the tests.
 * Authors may use these in any note; anything else must be plain KaTeX.
 * Keep each macro a plain string: KaTeX copies this object per render, so it must stay data.
 */
export const katexMacros: Readonly<Record<string, string>> = Object.freeze({
  // Number sets and probability
  '\\R': '\\mathbb{R}',
  '\\N': '\\mathbb{N}',
  '\\Z': '\\mathbb{Z}',
  '\\E': '\\mathbb{E}',
  '\\P': '\\mathbb{P}',
  '\\Var': '\\operatorname{Var}',
  '\\Cov': '\\operatorname{Cov}',
  '\\KL': '\\operatorname{KL}',
  '\\given': '\\mid',
  '\\indic': '\\mathbb{1}',
  // Norms, inner products, absolute values
  '\\norm': '\\lVert #1 \\rVert',
  '\\abs': '\\lvert #1 \\rvert',
  '\\inner': '\\langle #1, #2 \\rangle',
  // Operators
  '\\argmin': '\\operatorname*{arg\\,min}',
  '\\argmax': '\\operatorname*{arg\\,max}',
  '\\sign': '\\operatorname{sign}',
  '\\tr': '\\operatorname{tr}',
  '\\rank': '\\operatorname{rank}',
  '\\diag': '\\operatorname{diag}',
  '\\relu': '\\operatorname{ReLU}',
  '\\col': '\\operatorname{col}',
  '\\row': '\\operatorname{row}',
  '\\Span': '\\operatorname{span}',
  '\\dd': '\\mathrm{d}',
  '\\T': '{\\top}',
  // Calligraphic letters used for classes, distributions, losses
  '\\cD': '\\mathcal{D}',
  '\\cF': '\\mathcal{F}',
  '\\cH': '\\mathcal{H}',
  '\\cL': '\\mathcal{L}',
  '\\cN': '\\mathcal{N}',
  '\\cX': '\\mathcal{X}',
  '\\cY': '\\mathcal{Y}',
  '\\cO': '\\mathcal{O}',
});

/** The highest `#n` in a macro body: how many arguments it takes. */
function arity(body: string): number {
  return Math.max(0, ...[...body.matchAll(/#(\d)/g)].map((m) => Number(m[1])));
}

/** One TeX token at `i`: a control word or symbol, a brace group (with its braces) or one character. */
function tokenAt(tex: string, i: number): { text: string; end: number } {
  if (tex[i] === '\\') {
    const word = /^\\(?:[a-zA-Z]+|.)/s.exec(tex.slice(i));
    const text = word?.[0] ?? '\\';
    return { text, end: i + text.length };
  }
  if (tex[i] === '{') {
    let depth = 0;
    for (let j = i; j < tex.length; j++) {
      if (tex[j] === '\\') j++;
      else if (tex[j] === '{') depth++;
      else if (tex[j] === '}' && --depth === 0) return { text: tex.slice(i, j + 1), end: j + 1 };
    }
    return { text: tex.slice(i), end: tex.length };
  }
  const char = String.fromCodePoint(tex.codePointAt(i) ?? 0);
  return { text: char, end: i + char.length };
}

/** An argument as TeX reads it: spaces skipped, then one token; a brace group gives its inside. */
function argumentAt(tex: string, i: number): { text: string; end: number } {
  while (/\s/.test(tex[i] ?? '')) i++;
  const token = tokenAt(tex, i);
  const inside = token.text.startsWith('{') && token.text.endsWith('}') ? token.text.slice(1, -1) : token.text;
  return { text: inside, end: token.end };
}

/**
 * The formula with the site's macros written out, so TeX copied from a page (KaTeX's copy-tex
 * copies the annotation) compiles in any LaTeX document: `\cL` becomes `\mathcal{L}`,
 * `\norm{x}` becomes `\lVert x \rVert`. Macros that use other macros are expanded again, a few
 * levels deep. Renders exactly like the original (tests/unit/katex-macros.test.ts checks every
 * formula of the notes).
 */
export function expandMacros(tex: string, macros: Readonly<Record<string, string>> = katexMacros): string {
  let out = tex;
  for (let pass = 0; pass < 5; pass++) {
    let next = '';
    let changed = false;
    for (let i = 0; i < out.length;) {
      // Step over plain characters one at a time, so macros inside brace groups are found too.
      const token = out[i] === '\\' ? tokenAt(out, i) : { text: out[i], end: i + 1 };
      const body = out[i] === '\\' ? macros[token.text] : undefined;
      if (body === undefined) {
        next += out.slice(i, token.end);
        i = token.end;
        continue;
      }
      const args: string[] = [];
      let end = token.end;
      for (let k = 0; k < arity(body); k++) {
        const arg = argumentAt(out, end);
        args.push(arg.text);
        end = arg.end;
      }
      // A control word swallows the letters after it: keep a following letter apart from it.
      const replaced = body.replace(/#(\d)/g, (_m, n: string) => args[Number(n) - 1] ?? '');
      next += /\\[a-zA-Z]+$/.test(replaced) && /^[a-zA-Z]/.test(out.slice(end)) ? `${replaced} ` : replaced;
      i = end;
      changed = true;
    }
    out = next;
    if (!changed) break;
  }
  return out;
}
