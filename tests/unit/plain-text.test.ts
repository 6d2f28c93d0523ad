import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/plugins/plain-text.ts';

describe('plainText: a result title as the glossary and the results index show it', () => {
  it('reads formulas as characters, the site macros written out, and keeps the rest as written', () => {
    expect(
      plainText([
        { type: 'inlineMath', value: '\\cH\\Delta\\cH' },
        { type: 'text', value: '-divergence' },
      ]),
    ).toBe('HΔH-divergence');
    expect(
      plainText([
        { type: 'text', value: 'Adam without ' },
        { type: 'emphasis', children: [{ type: 'inlineMath', value: '\\epsilon' }] },
        { type: 'text', value: ' maximizes the ' },
        { type: 'inlineMath', value: '\\ell_\\infty' },
        { type: 'text', value: ' margin ' },
      ]),
    ).toBe('Adam without ε maximizes the ℓ_∞ margin');
  });
});
