import { readFileSync } from 'node:fs';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { glob } from 'tinyglobby';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeHtml } from '../../src/lib/html.ts';
import { expandMacros, katexMacros } from '../../src/lib/katex-macros.ts';
import rehypeKatexCached from '../../src/plugins/rehype-katex-cached.ts';

/**
 * rehype-katex-cached replaces rehype-katex in the note pipeline for speed. This pins that it
 * renders every formula of the real notes exactly as rehype-katex does (after both outputs are
 * parsed and re-serialised the same way), apart from the scroll box around display math and the
 * TeX annotation, which has the site's macros written out.
 */
const formulas: { tex: string; display: boolean }[] = [];
for (const file of await glob('content/notes/*.md')) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\$\$\n([\s\S]+?)\n\$\$/g)) formulas.push({ tex: m[1], display: true });
  for (const m of text.replace(/\$\$[\s\S]+?\$\$/g, '').matchAll(/(?<![\\$])\$([^$\n]+?)\$/g))
    formulas.push({ tex: m[1], display: false });
}
const doc = formulas.map((f) => (f.display ? `$$\n${f.tex}\n$$` : `Text $${f.tex}$ text.`)).join('\n\n');

const normalise = (html: string) => toHtml(fromHtml(html, { fragment: true }));
/** rehype-katex's annotations with the site's macros written out, as rehype-katex-cached writes them for copying. */
const portable = (html: string) =>
  html.replace(
    /(<annotation encoding="application\/x-tex">)([^<]*)(<\/annotation>)/g,
    (_m, open: string, tex: string, close: string) => `${open}${escapeHtml(expandMacros(decodeEntities(tex)))}${close}`,
  );
const reference = unified()
  .use(remarkParse)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeKatex, { macros: { ...katexMacros } })
  .use(rehypeStringify);
const ours = unified()
  .use(remarkParse)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeKatexCached, { macros: katexMacros, strict: 'ignore' })
  .use(rehypeStringify, { allowDangerousHtml: true });

describe('rehype-katex-cached', () => {
  it('renders every formula in content/ exactly as rehype-katex does', () => {
    expect(formulas.length).toBeGreaterThan(500);
    const expected = normalise(portable(String(reference.processSync(doc))));
    const actual = normalise(
      String(ours.processSync(doc)).replace(
        /<div class="math-display">(<span class="katex-display">[\s\S]*?)<\/div>/g,
        '$1',
      ),
    );
    expect(actual).toBe(expected);
  });

  it('reports a formula KaTeX cannot parse like rehype-katex, with its place and reason', () => {
    const file = ours.processSync('Bad $\\frac{1}{$ here.');
    expect(
      file.messages.map((m) => [
        m.source,
        m.place && 'line' in m.place ? m.place.line : m.place?.start.line,
        String(m.cause),
      ]),
    ).toEqual([['rehype-katex', 1, expect.stringMatching(/ParseError: KaTeX parse error/)]]);
  });
});
