import { readdir, readFile } from 'node:fs/promises';
import katex from 'katex';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { expandMacros, katexMacros } from '../../src/lib/katex-macros.ts';

const render = (tex: string) =>
  katex.renderToString(tex, { macros: { ...katexMacros }, throwOnError: true, strict: 'error' });

describe('katexMacros', () => {
  it.each(Object.keys(katexMacros))('%s renders without error under strict KaTeX', (name) => {
    const args = (katexMacros[name].match(/#\d/g) ?? []).map(() => '{x}').join('');
    expect(() => render(`${name}${args}`)).not.toThrow();
  });

  it('is frozen, so one render cannot change the macros of the next', () => {
    expect(Object.isFrozen(katexMacros)).toBe(true);
  });

  it('defines every macro as a plain string (KaTeX copies the object per render)', () => {
    expect(Object.values(katexMacros).every((body) => typeof body === 'string')).toBe(true);
  });

  it('expands a macro with arguments', () => {
    expect(render('\\inner{u}{v}')).toContain('⟨');
  });

  it('leaves an unknown macro an error', () => {
    expect(() => render('\\notamacro')).toThrow(/Undefined control sequence/);
  });
});

describe('expandMacros: TeX that compiles without the site macros', () => {
  it.each([
    ['\\cL(\\theta)', '\\mathcal{L}(\\theta)'],
    ['\\frac{\\cL}{2}', '\\frac{\\mathcal{L}}{2}'],
    ['\\norm{x}_2', '\\lVert x \\rVert_2'],
    ['\\norm x', '\\lVert x \\rVert'],
    ['\\abs{x}y', '\\lvert x \\rvert y'],
    ['\\inner{u}{\\norm{v}}', '\\langle u, \\lVert v \\rVert \\rangle'],
    ['\\E_{x\\sim\\cD}[\\ell]', '\\mathbb{E}_{x\\sim\\mathcal{D}}[\\ell]'],
    ['\\Rightarrow \\R^d', '\\Rightarrow \\mathbb{R}^d'],
    ['a \\\\ \\R', 'a \\\\ \\mathbb{R}'],
    ['\\{x\\}', '\\{x\\}'],
  ])('%s → %s', (tex, expected) => {
    expect(expandMacros(tex)).toBe(expected);
  });

  it('renders every formula of the notes exactly as the macros do', async () => {
    const dir = new URL('../../content/notes/', import.meta.url);
    const parser = unified().use(remarkParse).use(remarkMath);
    const formulas = new Set<string>();
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.md')) continue;
      visit(parser.parse(await readFile(new URL(name, dir), 'utf8')), ['math', 'inlineMath'], (node) => {
        formulas.add(`${node.type === 'math' ? 'D' : 'I'}${(node as { value: string }).value}`);
      });
    }
    const withMacros = [...formulas].filter((f) =>
      Object.keys(katexMacros).some((m) => new RegExp(`\\${m}(?![a-zA-Z])`).test(f)),
    );
    expect(withMacros.length).toBeGreaterThan(200);
    const html = (tex: string, displayMode: boolean, macros: Record<string, string>) =>
      katex.renderToString(tex, { displayMode, macros, throwOnError: false, output: 'html', strict: 'ignore' });
    for (const f of withMacros) {
      const [display, tex] = [f[0] === 'D', f.slice(1)];
      const expanded = expandMacros(tex);
      expect(expanded, tex).not.toMatch(
        new RegExp(
          Object.keys(katexMacros)
            .map((m) => `\\${m}(?![a-zA-Z])`)
            .join('|'),
        ),
      );
      expect(html(expanded, display, {}), tex).toBe(html(tex, display, { ...katexMacros }));
    }
  });
});
