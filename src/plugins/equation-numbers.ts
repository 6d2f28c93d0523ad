import type { Math } from 'mdast-util-math';
import type { Nodes } from 'mdast';
import type { VFile } from 'vfile';
import { EQUATION_LABEL } from '../lib/results.ts';
import { inFile, noteData, report, startOf } from './note-file.ts';

/**
 * Numbered equations: a display formula with `\label{eq:…}` loses the label (KaTeX has no
 * `\label`), gains a `\tag{n}` and the label as its id. Used by remark-results.ts.
 */

/** Claims a label for a node: false when the note already uses it (the duplicate is reported). */
export type Claim = (label: string, node: Nodes) => boolean;

/** Numbers a display formula with `\label{eq:…}`: the label goes, a `\tag{n}` and the id come. */
export function numberEquation(
  node: Math,
  file: VFile,
  equations: { label: string; number: number; line: number }[],
  claim: Claim,
): void {
  const found = [...node.value.matchAll(/\\label\s*\{([^{}]*)\}/g)];
  if (found.length === 0) return;
  const place = startOf(node);
  // KaTeX has no \label: it comes out of the TeX even when refused, so only one problem is reported.
  setTex(node, node.value.replace(/\\label\s*\{[^{}]*\}/g, ''));
  if (found.length > 1) {
    report(
      file,
      place,
      `a display formula may have one \\label; this one has ${found.length}. Split it, or label the whole block once`,
      'bad-label',
    );
    return;
  }
  const label = found[0][1].trim();
  if (!EQUATION_LABEL.test(label)) {
    report(
      file,
      place,
      `equation label "${label}" must start with eq: ` +
        'and use lowercase words joined by "-", such as \\label{eq:pl-inequality}',
      'bad-label',
    );
    return;
  }
  if (!claim(label, node)) return;
  const number = equations.length + 1;
  equations.push({ label, number, line: inFile(noteData(file), place).line });
  const tex = node.value;
  setTex(node, /\\tag\*?\s*\{/.test(tex) ? tex : `${tex} \\tag{${number}}`);
  const code = codeOf(node);
  if (code) code.properties = { ...code.properties, dataEquation: label, dataEquationNumber: String(number) };
}

/** The <code> element mdast-util-math prepared for a display formula. */
function codeOf(node: Math): { properties?: Record<string, unknown>; children?: { value?: string }[] } | undefined {
  return (
    node.data?.hChildren as { properties?: Record<string, unknown>; children?: { value?: string }[] }[] | undefined
  )?.[0];
}

/** Changes a display formula's TeX, in the node and in the copy mdast-util-math made for HTML. */
function setTex(node: Math, tex: string): void {
  node.value = tex;
  const code = codeOf(node);
  if (code?.children?.[0]) code.children[0].value = tex;
}
