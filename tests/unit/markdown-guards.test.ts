import { describe, expect, it } from 'vitest';
import { findDeepNesting } from '../../src/lib/markdown-limits.ts';
import { DOLLAR, PIPE, protectMarkdown, restoreProtected } from '../../src/lib/protect-markdown.ts';
import { capProblems, problem } from '../../src/lib/problems.ts';
import { offlineCsp, withOfflineCsp } from '../../src/lib/offline-csp.ts';

describe('findDeepNesting', () => {
  it.each([
    ['> > quote\n- a\n  - b\n    1. c\n', undefined],
    [`intro\n${'>'.repeat(65)} x`, { line: 2, depth: 65 }],
    [`${'- '.repeat(100)}x`, { line: 1, depth: 100 }],
    [`${'> '.repeat(30)}${'- '.repeat(40)}x`, { line: 1, depth: 70 }],
  ])('finds %j nested %j', (body, expected) => {
    expect(findDeepNesting(body)).toEqual(expected);
  });
});

describe('protectMarkdown', () => {
  const table = (row: string) => `| a | b |\n| --- | --- |\n${row}\n`;
  it.each([
    ['a pipe inside math in a table cell', table('| $|x|$ | y |'), table(`| $${PIPE}x${PIPE}$ | y |`)],
    ['a wikilink label in a table', table('| [[a|b]] | y |'), table(`| [[a${PIPE}b]] | y |`)],
    [
      'an escaped pipe, which GFM already keeps',
      table('| [[a\\|b]] | $\\|x\\|$ |'),
      table('| [[a\\|b]] | $\\|x\\|$ |'),
    ],
    ['two prices in two cells', table('| $5 | $10 |'), table('| $5 | $10 |')],
    ['a dollar in a wikilink anywhere', 'See [[#Bounds for $x$]].', `See [[#Bounds for ${DOLLAR}x${DOLLAR}]].`],
    ['pipes outside tables', 'a $|x|$ and [[a|b]]', 'a $|x|$ and [[a|b]]'],
    ['code spans', table('| `$|x|$` | y |'), table('| `$|x|$` | y |')],
  ])('protects %s, keeping the length', (_name, input, expected) => {
    const out = protectMarkdown(input);
    expect(out).toBe(expected);
    expect(out.length).toBe(input.length);
    expect(restoreProtected(out)).toBe(input);
  });
});

describe('capProblems', () => {
  it('keeps 20 of one mistake per file and says how many more there are', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      problem('a.md', { line: i + 1, column: 1 }, 'unknown citation', 'unknown-citation'),
    );
    const capped = capProblems([...many, problem('a.md', { line: 1, column: 1 }, 'other', 'broken-link')]);
    expect(capped).toHaveLength(22);
    expect(capped.at(-1)?.message).toBe('10 more problems like the ones above (30 in all); fix those first');
  });
});

describe('offlineCsp', () => {
  it("hashes the page's own inline script and style, and allows nothing from the network", () => {
    const html =
      '<html><head><meta charset="utf-8"><style>a{}</style></head><body><script>x()</script><script src="a.js"></script></body></html>';
    const csp = offlineCsp(html);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'; style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'none'");
    expect(withOfflineCsp(html)).toMatch(
      /^<html><head><meta charset="utf-8"><meta http-equiv="content-security-policy"/,
    );
  });
});
