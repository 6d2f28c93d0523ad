import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../src/lib/xml.ts';

describe('escapeXml', () => {
  it.each([
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<title>', '&lt;title&gt;'],
    ['say "hi"', 'say &quot;hi&quot;'],
    ["it's", 'it&apos;s'],
    ['&amp;', '&amp;amp;'],
    ['', ''],
  ])('escapes %j as %j', (value, expected) => {
    expect(escapeXml(value)).toBe(expected);
  });
});
