/**
 * A formula as plain text, for summaries (shown as text in previews, search results and the
 * meta description, where no math is rendered): `\frac12\|\nabla f(x)\|^2 \ge \mu` reads
 * `1/2‖∇f(x)‖² ≥ μ`. Only common notation is converted; whatever is not stays as TeX, and the
 * caller says so.
 */

const symbols: Record<string, string> = {
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
  sigma: 'σ',
  tau: 'τ',
  phi: 'φ',
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
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  neq: '≠',
  approx: '≈',
  sim: '∼',
  asymp: '≍',
  propto: '∝',
  to: '→',
  rightarrow: '→',
  mapsto: '↦',
  infty: '∞',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  cup: '∪',
  cap: '∩',
  times: '×',
  cdot: '·',
  pm: '±',
  nabla: '∇',
  partial: '∂',
  sum: '∑',
  prod: '∏',
  int: '∫',
  star: '⋆',
  ell: 'ℓ',
  top: '⊤',
  langle: '⟨',
  rangle: '⟩',
  ldots: '…',
  cdots: '⋯',
  dots: '…',
  forall: '∀',
  exists: '∃',
  sqrt: '√',
  mid: '|',
  log: 'log',
  exp: 'exp',
  min: 'min',
  max: 'max',
  sup: 'sup',
  inf: 'inf',
  lim: 'lim',
  arg: 'arg',
  det: 'det',
  tr: 'tr',
};
const blackboard: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', E: '𝔼', P: 'ℙ', S: '𝕊' };
/** Commands that only change how their argument looks: the argument is kept. */
const styles = new Set([
  'mathcal',
  'mathrm',
  'mathbf',
  'mathit',
  'mathsf',
  'mathfrak',
  'boldsymbol',
  'bm',
  'text',
  'textrm',
  'operatorname',
  'hat',
  'widehat',
  'bar',
  'overline',
  'tilde',
  'widetilde',
  'dot',
  'ddot',
  'vec',
]);
/** Commands that only size or space: dropped. */
const silent = new Set([
  'left',
  'right',
  'big',
  'Big',
  'bigl',
  'bigr',
  'Bigl',
  'Bigr',
  'bigg',
  'Bigg',
  'displaystyle',
  'textstyle',
  'limits',
]);
const superscripts: Record<string, string> = {
  0: '⁰',
  1: '¹',
  2: '²',
  3: '³',
  4: '⁴',
  5: '⁵',
  6: '⁶',
  7: '⁷',
  8: '⁸',
  9: '⁹',
  '+': '⁺',
  '-': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
  d: 'ᵈ',
  k: 'ᵏ',
  m: 'ᵐ',
  T: 'ᵀ',
  '⊤': 'ᵀ',
  '⋆': '⋆',
  '*': '*',
};
const subscripts: Record<string, string> = {
  0: '₀',
  1: '₁',
  2: '₂',
  3: '₃',
  4: '₄',
  5: '₅',
  6: '₆',
  7: '₇',
  8: '₈',
  9: '₉',
  '+': '₊',
  '-': '₋',
  '=': '₌',
  '(': '₍',
  ')': '₎',
  a: 'ₐ',
  e: 'ₑ',
  h: 'ₕ',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  l: 'ₗ',
  m: 'ₘ',
  n: 'ₙ',
  o: 'ₒ',
  p: 'ₚ',
  r: 'ᵣ',
  s: 'ₛ',
  t: 'ₜ',
  u: 'ᵤ',
  v: 'ᵥ',
  x: 'ₓ',
};
const relations = /\s*([≤≥≠≈∼≍∝→↦∈∉⊂⊆×±=<>])\s*/g;

/** The argument at `i` (`{…}` or one character), and where it ends. */
function argument(tex: string, i: number): [string, number] {
  while (tex[i] === ' ') i++;
  if (tex[i] === '\\') {
    const command = /^\\(?:[A-Za-z]+|.)/.exec(tex.slice(i))?.[0] ?? '\\';
    return [command, i + command.length];
  }
  if (tex[i] !== '{') return [tex[i] ?? '', i + 1];
  let depth = 0;
  for (let j = i; j < tex.length; j++) {
    if (tex[j] === '{') depth++;
    else if (tex[j] === '}' && --depth === 0) return [tex.slice(i + 1, j), j + 1];
  }
  return [tex.slice(i + 1), tex.length];
}

/** `^2` → `²` when every character has a superscript form, else `^(…)`. */
function script(body: string, table: Record<string, string>, mark: string): string {
  const chars = [...body];
  if (chars.length > 0 && chars.every((c) => table[c])) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${mark}${body}` : `${mark}(${body})`;
}

/** Converts TeX to text, without the spacing around relations (scripts must stay compact). */
function convert(tex: string): string {
  let out = '';
  for (let i = 0; i < tex.length;) {
    const c = tex[i];
    if (c === '^' || c === '_') {
      const [arg, next] = argument(tex, i + 1);
      out += script(convert(arg), c === '^' ? superscripts : subscripts, c);
      i = next;
    } else if (c === '\\') {
      const name = /^[A-Za-z]+/.exec(tex.slice(i + 1))?.[0];
      if (!name) {
        const ch = tex[i + 1] ?? '';
        out += ch === '|' ? '‖' : /[,;:! ]/.test(ch) ? ' ' : ch;
        i += 2;
        continue;
      }
      let next = i + 1 + name.length;
      if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
        const [a, afterA] = argument(tex, next);
        const [b, afterB] = argument(tex, afterA);
        const wrap = (s: string) => (/^[\p{L}\p{N}]+$/u.test(s) ? s : `(${s})`);
        out += `${wrap(convert(a))}/${wrap(convert(b))}`;
        next = afterB;
      } else if (name === 'mathbb') {
        const [a, after] = argument(tex, next);
        out += blackboard[a] ?? a;
        next = after;
      } else if (styles.has(name)) {
        const [a, after] = argument(tex, next);
        out += convert(a);
        next = after;
      } else if (name === 'quad' || name === 'qquad') out += ' ';
      else if (symbols[name]) out += symbols[name];
      else if (!silent.has(name)) {
        // Not converted: kept as TeX, with its argument, for the author to reword.
        const [a, after] = tex[next] === '{' ? argument(tex, next) : ['', next];
        out += `\\${name}${tex[next] === '{' ? `{${a}}` : /[A-Za-z]/.test(tex[next] ?? '') ? ' ' : ''}`;
        next = after;
      }
      i = next;
    } else {
      out += c === '{' || c === '}' ? '' : c;
      i++;
    }
  }
  return out;
}

/** Converts a TeX formula to plain text, with spaces around relations. */
export function texToText(tex: string): string {
  return convert(tex).replace(relations, ' $1 ').replace(/\s+/g, ' ').trim();
}
