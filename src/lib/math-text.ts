/**
 * Formulas as words, for search. A formula's TeX becomes (1) the names of its symbols (`\nabla` →
 * "nabla", `\|x\|` → "norm", `\E` → "expectation"), indexed so that "∇f", "\nabla f" and "nabla f"
 * find the notes whose formulas contain a gradient, and (2) a short readable stand-in (`∇f(x)`) shown
 * in search excerpts where the rendered formula is left out, instead of a hole in the sentence.
 * Queries go through the same names (`queryTerms`), so both sides agree.
 */

/** Greek letters by TeX name. */
const GREEK: Record<string, string> = {
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
/** A Greek letter's search word: its name without `var`, lower case (`\varphi`, `Φ` → "phi"). */
const greekWord = (name: string) => name.replace(/^var/, '').toLowerCase();

/** TeX commands worth a search word, by the word readers type. */
const COMMAND_WORDS: Record<string, string> = {
  nabla: 'nabla',
  partial: 'partial',
  infty: 'infinity',
  sum: 'sum',
  prod: 'product',
  int: 'integral',
  oint: 'integral',
  log: 'log',
  ln: 'log',
  exp: 'exp',
  sup: 'sup',
  inf: 'inf',
  max: 'max',
  min: 'min',
  lim: 'limit',
  det: 'det',
  sqrt: 'sqrt',
  otimes: 'otimes',
  odot: 'hadamard',
  oplus: 'oplus',
  perp: 'perp',
  top: 'transpose',
  T: 'transpose',
  dagger: 'dagger',
  E: 'expectation',
  P: 'probability',
  Var: 'variance',
  Cov: 'covariance',
  KL: 'kl',
  argmin: 'argmin',
  argmax: 'argmax',
  sign: 'sign',
  tr: 'trace',
  rank: 'rank',
  diag: 'diag',
  relu: 'relu',
  norm: 'norm',
  lVert: 'norm',
  rVert: 'norm',
  Vert: 'norm',
  abs: 'abs',
  inner: 'inner',
  langle: 'inner',
  hbar: 'hbar',
  ell: 'ell',
  propto: 'propto',
  approx: 'approx',
  sim: 'sim',
  ...Object.fromEntries(Object.keys(GREEK).map((g) => [g, greekWord(g)])),
};

/** Unicode symbols readers paste or type, by the same words. */
const SYMBOL_WORDS: Record<string, string> = {
  '∇': 'nabla',
  '∂': 'partial',
  '∞': 'infinity',
  '∑': 'sum',
  '∏': 'product',
  '∫': 'integral',
  '‖': 'norm',
  '𝔼': 'expectation',
  '⊗': 'otimes',
  '⊙': 'hadamard',
  '⊕': 'oplus',
  '⊥': 'perp',
  '⊤': 'transpose',
  '†': 'dagger',
  '∝': 'propto',
  '≈': 'approx',
  ℓ: 'ell',
  ...Object.fromEntries(Object.entries(GREEK).map(([name, letter]) => [letter, greekWord(name)])),
};

/** The search words of a formula's symbols, each once. */
export function mathTokens(tex: string): string[] {
  const out = new Set<string>();
  for (const m of tex.matchAll(/\\([a-zA-Z]+)|\\\||(\|\|)/g)) {
    const word = m[1] === undefined ? 'norm' : COMMAND_WORDS[m[1]];
    if (word) out.add(word);
  }
  if (/\\mathbb\s*\{?\s*E\b/.test(tex)) out.add('expectation');
  return [...out];
}

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
const MAX_STAND_IN = 32;

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
      /\\(?:mathbb|mathcal|mathrm|mathbf|boldsymbol|bm|mathit|operatorname\*?|text|textrm|mbox|hat|tilde|bar|widehat|widetilde|overline|vec|dot)\s*\{([^{}]*)\}/g,
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

/** Words that carry no meaning in a query ("kernel regime vs rich regime"). */
const STOP = new Set([
  'vs',
  'v',
  'versus',
  'and',
  'or',
  'the',
  'a',
  'an',
  'of',
  'in',
  'on',
  'for',
  'to',
  'with',
  'is',
  'what',
  'how',
  'why',
]);

/**
 * A reader's query as the index's words: symbols and TeX commands become their names (`∇f` →
 * "nabla f", `\|x\|` → "norm x"), then single letters and filler words are dropped when anything
 * else is left (a lone "f" matches every page).
 */
export function queryTerms(query: string): string[] {
  let text = query.normalize('NFC');
  // A Greek letter joins the word it is part of ("μP" → "muP"); other symbols stand alone.
  for (const [symbol, word] of Object.entries(SYMBOL_WORDS))
    text = text.split(symbol).join(/\p{Script=Greek}/u.test(symbol) ? word : ` ${word} `);
  text = text
    .replace(/\\\||\|\|/g, ' norm ')
    .replace(/\\([a-zA-Z]+)/g, (whole, name: string) => ` ${COMMAND_WORDS[name] ?? name} `);
  const words = text.split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  const meaningful = words.filter((w) => w.length > 1 && !STOP.has(w.toLowerCase()));
  return [...new Set(meaningful.length > 0 ? meaningful : words)];
}
