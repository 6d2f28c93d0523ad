import { GREEK } from './math-stand-in.ts';

export { mathStandIn } from './math-stand-in.ts';

/**
 * Formulas as words, for search. A formula's TeX becomes (1) the names of its symbols (`\nabla` →
 * "nabla", `\|x\|` → "norm", `\E` → "expectation"), indexed so that "∇f", "\nabla f" and "nabla f"
 * find the notes whose formulas contain a gradient, and (2) a short readable stand-in (`∇f(x)`) shown
 * in search excerpts where the rendered formula is left out, instead of a hole in the sentence.
 * Queries go through the same names (`queryTerms`), so both sides agree.
 */

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
    .replace(/\\([a-zA-Z]+)/g, (_whole, name: string) => ` ${COMMAND_WORDS[name] ?? name} `);
  const words = text.split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  const meaningful = words.filter((w) => w.length > 1 && !STOP.has(w.toLowerCase()));
  return [...new Set(meaningful.length > 0 ? meaningful : words)];
}
