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
