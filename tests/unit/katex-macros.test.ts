import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { katexMacros } from '../../src/lib/katex-macros.ts';

const render = (tex: string) => katex.renderToString(tex, { macros: { ...katexMacros }, throwOnError: true, strict: 'error' });

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
