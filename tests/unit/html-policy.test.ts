import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { checkHtmlElement, type HtmlContext } from '../../src/lib/html-policy.ts';
import { htmlSchema } from '../../src/lib/html-schema.ts';

/**
 * The allowed set of a note's inline HTML, pinned: what is published as written, and each refusal
 * with the message the author reads.
 */

const ctx: HtmlContext = {
  rasterUrls: new Map([['loss.png', '/figures/loss.png']]),
  svgNames: new Set(['diagram.svg']),
};

/** Checks the first element of an HTML fragment; returns the refusals and what would be published. */
function check(html: string): { messages: string[]; out: string } {
  const el = fromHtml(html, { fragment: true }).children.find((c) => c.type === 'element') as Element;
  const { refusals, keep } = checkHtmlElement(el, ctx);
  return { messages: refusals.map((r) => `${r.reason} [${r.rule}]`), out: keep ? toHtml({ ...el, children: [] }) : '' };
}

describe('inline HTML that is published as written', () => {
  it.each([
    ['<br>', '<br>'],
    ['<sup>2</sup>', '<sup></sup>'],
    ['<sub>i</sub>', '<sub></sub>'],
    ['<kbd>Ctrl</kbd>', '<kbd></kbd>'],
    ['<details open><summary>Proof</summary></details>', '<details open></details>'],
    ['<mark>key</mark>', '<mark></mark>'],
    ['<abbr title="Neural tangent kernel">NTK</abbr>', '<abbr title="Neural tangent kernel"></abbr>'],
    [
      '<a href="https://arxiv.org/abs/1806.07572" title="paper">x</a>',
      '<a href="https://arxiv.org/abs/1806.07572" title="paper"></a>',
    ],
    ['<a href="mailto:a@b.org">x</a>', '<a href="mailto:a@b.org"></a>'],
    ['<a href="#setup">x</a>', '<a href="#setup"></a>'],
    ['<a id="anchor"></a>', '<a id="anchor"></a>'],
    ['<div align="center">x</div>', '<div align="center"></div>'],
    ['<table><tbody><tr><td colspan="2">x</td></tr></tbody></table>', '<table></table>'],
    [
      '<img src="../figures/loss.png" width="300" alt="Loss curve">',
      '<img src="/figures/loss.png" width="300" alt="Loss curve" loading="lazy" decoding="async">',
    ],
  ])('%s', (html, published) => {
    expect(check(html)).toEqual({ messages: [], out: published });
  });
});

describe('inline HTML that is refused, with what to write instead', () => {
  it.each([
    ['<script>alert(1)</script>', "<script> would run code in the reader's browser: remove it [unsafe-html]"],
    [
      '<style>p{}</style>',
      "<style> would restyle the whole page: remove it (the site's stylesheet applies to every note) [unsafe-html]",
    ],
    [
      '<iframe src="https://youtube.com"></iframe>',
      '<iframe> embeds content from elsewhere, which this site never loads: link to it instead, [title](https://…) [unsafe-html]',
    ],
    [
      '<object data="x"></object>',
      '<object> embeds content from elsewhere, which this site never loads: link to it instead, [title](https://…) [unsafe-html]',
    ],
    [
      '<form><input></form>',
      '<form>: forms and form controls are not allowed in notes; remove it (for a task list write "- [ ] item") [unsafe-html]',
    ],
    [
      '<input type="checkbox">',
      '<input>: forms and form controls are not allowed in notes; remove it (for a task list write "- [ ] item") [unsafe-html]',
    ],
    [
      '<svg><circle r="1"/></svg>',
      'inline <svg>: save it as content/figures/name.svg and write ![what it shows](../figures/name.svg) [html-not-allowed]',
    ],
    [
      '<math><mi>x</mi></math>',
      'inline <math>: write the formula as $…$ or $$…$$ (KaTeX renders it, MathML included) [html-not-allowed]',
    ],
    [
      '<video src="a.mp4"></video>',
      '<video> is not supported: link to the file instead, or use a still image in content/figures/ [html-not-allowed]',
    ],
    [
      '<d-cite key="jacot2018neural, lee2018deep"></d-cite>',
      '<d-cite> citation tag: write [@jacot2018neural; @lee2018deep] instead (keys from content/references.bib) [html-not-allowed]',
    ],
    [
      '<my-widget></my-widget>',
      '<my-widget> is a custom element this site does not render: remove the tags and keep the text [html-not-allowed]',
    ],
    [
      '<font color="red">x</font>',
      '<font> is not allowed in notes: write *emphasis* or **strong** instead [html-not-allowed]',
    ],
  ])('%s', (html, message) => {
    expect(check(html)).toEqual({ messages: [message], out: '' });
  });

  it.each([
    [
      '<span onclick="steal()">x</span>',
      'the attribute onclick="steal()" on <span> would run code in the reader\'s browser: remove it [unsafe-html]',
      '<span></span>',
    ],
    [
      '<b onmouseover="x">x</b>',
      'the attribute onmouseover="x" on <b> would run code in the reader\'s browser: remove it [unsafe-html]',
      '<b></b>',
    ],
    [
      '<span style="position:fixed;inset:0">x</span>',
      'the attribute style="position:fixed;inset:0" on <span> is not allowed (inline styles can cover or restyle the page): remove it [unsafe-html]',
      '<span></span>',
    ],
    [
      '<a href="javascript:alert(1)">x</a>',
      'the link href="javascript:alert(1)" on <a> uses the javascript: scheme, which could run code or open local files: only http, https and mailto links are published [unsafe-html]',
      '<a></a>',
    ],
    [
      '<a href=" JaVaScRiPt:alert(1)">x</a>',
      'the link href=" JaVaScRiPt:alert(1)" on <a> uses the javascript: scheme, which could run code or open local files: only http, https and mailto links are published [unsafe-html]',
      '<a></a>',
    ],
    [
      '<a href="data:text/html,x">x</a>',
      'the link href="data:text/html,x" on <a> uses the data: scheme, which could run code or open local files: only http, https and mailto links are published [unsafe-html]',
      '<a></a>',
    ],
    [
      '<a href="other.md">x</a>',
      'the link href="other.md" on <a> is relative: write it in Markdown, [text](other.md) or [[note]], so the site can check and resolve it [html-not-allowed]',
      '<a></a>',
    ],
    [
      '<blockquote cite="vbscript:x">q</blockquote>',
      'the link cite="vbscript:x" on <blockquote> uses the vbscript: scheme, which could run code or open local files: only http, https and mailto links are published [unsafe-html]',
      '<blockquote></blockquote>',
    ],
    [
      '<span class="note">x</span>',
      'the attribute class="note" on <span> has no effect here (the site\'s stylesheet does not know it): remove it [html-not-allowed]',
      '<span></span>',
    ],
    [
      '<a name="top"></a>',
      'the attribute name="top" on <a> is not allowed: for a link target write id="top" [html-not-allowed]',
      '<a></a>',
    ],
    [
      '<a id="1st"></a>',
      'the id id="1st" on <a> must start with a letter and use only letters, digits, "-" and "_" [html-not-allowed]',
      '<a></a>',
    ],
    [
      '<div data-x="1">x</div>',
      'the attribute data-x="1" on <div> is not allowed here: remove it [html-not-allowed]',
      '<div></div>',
    ],
  ])('%s', (html, message, published) => {
    expect(check(html)).toEqual({ messages: [message], out: published });
  });

  it.each([
    [
      '<img src="https://example.org/a.png" alt="a">',
      'the image src="https://example.org/a.png" is loaded from elsewhere, and the site makes no request outside its own origin: save it in content/figures/ and write src="../figures/name.png" [unsafe-html]',
    ],
    [
      '<img src="../figures/diagram.svg" alt="a">',
      'an SVG figure is inlined, not loaded: write ![what it shows](../figures/diagram.svg) instead of src="../figures/diagram.svg" [html-not-allowed]',
    ],
    [
      '<img src="../figures/missing.png" alt="a">',
      'the image src="../figures/missing.png" is not in content/figures/: put the file there and write src="../figures/name.png" [broken-image]',
    ],
    ['<img src="../figures/loss.png">', 'the image has no description: add alt="what the image shows" [figure-alt]'],
  ])('%s', (html, message) => {
    expect(check(html).messages).toEqual([message]);
  });

  it('publishes no image that does not show a figure of the site', () => {
    expect(check('<img src="https://example.org/a.png" alt="a">').out).toBe('');
    expect(check('<img src="data:image/png;base64,AA" alt="a">').out).toBe('');
  });
});

describe('the schema', () => {
  it('is GitHub’s, without form controls and remote images, with a few text elements added', () => {
    expect(htmlSchema.tagNames).not.toContain('input');
    expect(htmlSchema.tagNames).toEqual(
      expect.arrayContaining(['details', 'summary', 'sup', 'sub', 'br', 'kbd', 'mark', 'abbr', 'figure', 'figcaption']),
    );
    expect(htmlSchema.protocols).toEqual({ href: ['http', 'https', 'mailto'], cite: ['http', 'https'], src: [] });
  });
});
