import { describe, expect, it } from 'vitest';
import { isSafeUrl, schemeOf } from '../../src/lib/safe-url.ts';

describe('isSafeUrl', () => {
  it.each([
    'https://arxiv.org/abs/1806.07572',
    'http://example.org',
    'mailto:a@b.org',
    '../notes/x/',
    '#setup',
    '/papers/x/',
    '//example.org/x',
    'notes/x.md',
    'java%0ascript:x',
    '',
  ])('accepts %j', (url) => expect(isSafeUrl(url)).toBe(true));

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:x',
    'java\tscript:x',
    'java\nscript:x',
    '\u0001javascript:x',
    'vbscript:x',
    'data:text/html,x',
    'file:///etc/passwd',
    'blob:x',
    'ftp://x.org',
  ])('refuses %j', (url) => expect(isSafeUrl(url)).toBe(false));

  it('reads the scheme as a browser does', () => {
    expect(schemeOf('  JAVA\tSCRIPT:x')).toBe('javascript:');
    expect(schemeOf('./a:b')).toBeUndefined();
  });
});
