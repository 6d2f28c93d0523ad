/**
 * A formula's short readable stand-in (`∇f(x)`), shown in search excerpts and "Used in" contexts
 * where the rendered formula is left out (see src/lib/math-text.ts for the words it is searched by).
 */

/** Greek letters by TeX name. */
export const GREEK: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'ϑ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  varrho: 'ϱ',
  sigma: 'σ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'ϕ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
};

/** Unicode forms of the commands a short formula usually has. */
const UNICODE: Record<string, string> = {
  nabla: '∇',
  partial: '∂',
  infty: '∞',
  sum: '∑',
  prod: '∏',
  int: '∫',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  neq: '≠',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  to: '→',
  mapsto: '↦',
  rightarrow: '→',
  Rightarrow: '⇒',
  iff: '⇔',
  cdot: '·',
  times: '×',
  pm: '±',
  approx: '≈',
  sim: '∼',
  propto: '∝',
  top: 'ᵀ',
  T: 'ᵀ',
  ell: 'ℓ',
  langle: '⟨',
  rangle: '⟩',
  lVert: '‖',
  rVert: '‖',
  Vert: '‖',
  '|': '‖',
  lvert: '|',
  rvert: '|',
  mid: '|',
  given: '|',
  forall: '∀',
  exists: '∃',
  circ: '∘',
  otimes: '⊗',
  odot: '⊙',
  R: 'ℝ',
  N: 'ℕ',
  Z: 'ℤ',
  E: '𝔼',
  P: 'ℙ',
  ldots: '…',
  cdots: '⋯',
  dots: '…',
  log: 'log',
  exp: 'exp',
  max: 'max',
  min: 'min',
  sup: 'sup',
  inf: 'inf',
  lim: 'lim',
  det: 'det',
  tr: 'tr',
  rank: 'rank',
  KL: 'KL',
  Var: 'Var',
  Cov: 'Cov',
  argmin: 'argmin',
  argmax: 'argmax',
  sign: 'sign',
  relu: 'ReLU',
  sqrt: '√',
  dd: 'd',
  quad: ' ',
  qquad: ' ',
  ',': ' ',
  ';': ' ',
  '!': '',
  ' ': ' ',
  cD: '𝒟',
  cF: 'ℱ',
  cH: 'ℋ',
  cL: 'ℒ',
  cN: '𝒩',
  cX: '𝒳',
  cY: '𝒴',
  cO: '𝒪',
  // Accents and fonts written without braces (`\hat R`) keep only their argument.
  ...Object.fromEntries(
    [
      'hat',
      'widehat',
      'tilde',
      'widetilde',
      'bar',
      'overline',
      'vec',
      'dot',
      'mathbb',
      'mathcal',
      'mathrm',
      'mathbf',
      'boldsymbol',
      'operatorname',
      'text',
    ].map((c) => [c, '']),
  ),
  ...GREEK,
};

/** Formulas longer than this, as text, are shown as "[formula]": an excerpt is for reading. */
export const MAX_STAND_IN = 32;

/**
 * A short readable form of a formula (`\nabla f(x)` → `∇f(x)`, `\norm{w}_2` → `‖w‖_2`), or
 * "[formula]" when it is long or uses structure text cannot show (fractions, matrices).
 */
export function mathStandIn(tex: string): string {
  if (/\\(?:frac|dfrac|tfrac|begin|binom|over|substack|overset|underset|stackrel|left|right)\b/.test(tex))
    return '[formula]';
  let text = tex
    .replace(/\\(?:norm)\s*\{([^{}]*)\}/g, '‖$1‖')
    .replace(/\\(?:abs)\s*\{([^{}]*)\}/g, '|$1|')
    .replace(/\\(?:inner)\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '⟨$1, $2⟩')
    .replace(
      new RegExp(
        String.raw`\\(?:mathbb|mathcal|mathrm|mathbf|boldsymbol|bm|mathit|operatorname\*?|text|textrm|mbox|hat|` +
          String.raw`tilde|bar|widehat|widetilde|overline|vec|dot)\s*\{([^{}]*)\}`,
        'g',
      ),
      '$1',
    )
    .replace(/\\([a-zA-Z]+|.)/g, (_, name: string) => UNICODE[name] ?? name)
    .replace(/[{}]/g, '')
    .replace(/\^ᵀ/g, 'ᵀ')
    .replace(/([∇∂∑∏∫√]) /g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length === 0 || text.length > MAX_STAND_IN ? '[formula]' : text;
}
