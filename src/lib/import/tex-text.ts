import { blackboard, silent, styles, subscripts, superscripts, symbols } from './tex-tables.ts';

/**
 * A formula as plain text, for summaries (shown as text in previews, search results and the
 * meta description, where no math is rendered): `\frac12\|\nabla f(x)\|^2 \ge \mu` reads
 * `1/2‖∇f(x)‖² ≥ μ`. Only common notation is converted; whatever is not stays as TeX, and the
 * caller says so.
 */

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
