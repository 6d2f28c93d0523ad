import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { parseFigure } from '../../src/lib/figures.ts';

const svg = (inner: string, attrs = 'viewBox="0 0 10 10"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${inner}</svg>`;

describe('parseFigure: safe figures', () => {
  it.each([
    ['shapes', svg('<path d="M0 0L10 10" stroke="currentColor"/>')],
    ['a title and description', svg('<title>T</title><desc>D</desc>')],
    ['internal references', svg('<defs><marker id="m"/></defs><path marker-end="url(#m)"/><use href="#m"/>')],
    ['a leading XML declaration and comment', `<?xml version="1.0"?><!-- made by hand -->${svg('<rect/>')}`],
  ])('accepts %s', (_name, source) => {
    const { svg: element, errors } = parseFigure(source);
    expect(errors).toEqual([]);
    expect(element?.tagName).toBe('svg');
  });

  it('drops fixed width and height so the figure scales to the page', () => {
    const { svg: element } = parseFigure(svg('<rect/>', 'viewBox="0 0 10 10" width="500" height="300"'));
    expect(toHtml(element!, { space: 'svg' })).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect></rect></svg>',
    );
  });

  it('escapes text that looks like markup, so it stays text on the page', () => {
    const { svg: element, errors } = parseFigure(
      svg('<text>&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text>'),
    );
    expect(errors).toEqual([]);
    expect(toHtml(element!, { space: 'svg' })).not.toMatch(/<script/);
  });

  it('rebuilds a style attribute from its parsed CSS', () => {
    const { svg: element, errors } = parseFigure(
      svg('<rect style="fill : red ;  stroke: var(--accent, #2563eb)" fill="url(#g)"/>'),
    );
    expect(errors).toEqual([]);
    expect(toHtml(element!, { space: 'svg' })).toContain(
      '<rect style="fill:red;stroke:var(--accent, #2563eb)" fill="url(#g)"></rect>',
    );
  });

  it('keeps the case of SVG attributes such as viewBox', () => {
    const { svg: element } = parseFigure(svg('<rect/>'));
    expect(element?.properties.viewBox).toBe('0 0 10 10');
  });
});

describe('parseFigure: unsafe or broken figures', () => {
  it.each([
    ['a script', svg('<script>alert(1)</script>')],
    ['an event handler', svg('<rect onclick="alert(1)"/>')],
    ['an event handler on the root', svg('<rect/>', 'viewBox="0 0 1 1" onload="alert(1)"')],
    ['a foreignObject', svg('<foreignObject><div>x</div></foreignObject>')],
    ['an external image', svg('<image href="https://example.org/x.png"/>')],
    [
      'an external xlink:href',
      svg('<use xlink:href="other.svg#a"/>', 'viewBox="0 0 1 1" xmlns:xlink="http://www.w3.org/1999/xlink"'),
    ],
    ['a style with url()', svg('<rect style="fill: url(https://x.org/p.svg)"/>')],
    ['a <style> element with @import', svg('<style>@import "https://x.org/a.css";</style>')],
    [
      'a <style> element that closes itself in HTML',
      svg('<style>&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;</style>'),
    ],
    ['a <style> element at all (the CSP would block it)', svg('<style>rect { fill: red }</style>')],
    ['a CSS escape hiding url(', svg('<rect style="fill: u\\rl(https://x.org/p.svg)"/>')],
    ['a CSS escape hiding @import', svg('<rect style="@im\\port x"/>')],
    ['a CSS function other than colours and var()', svg('<rect style="width: expression(alert(1))"/>')],
    ['a CSS property that moves things out of the figure', svg('<rect style="position: fixed; top: 0"/>')],
    ['a <set> that turns a link into a script', svg('<a><set attributeName="href" to="javascript:alert(1)"/></a>')],
    ['a <set> outside a link', svg('<set attributeName="href" to="javascript:alert(1)"/>')],
    ['an attribute outside the allowlist', svg('<rect formaction="x"/>')],
    ['an entity-encoded javascript: URL', svg('<use href="&#106;avascript:alert(1)"/>')],
    ['a url() to another site in a presentation attribute', svg('<rect fill="url(https://x.org/p.svg#g)"/>')],
    [
      'entity definitions (a billion laughs)',
      `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>${svg('<text>&b;</text>')}`,
    ],
    ['HTML that is not well-formed XML', svg('<rect><circle></rect>')],
    ['a figure over the size limit', svg(`<path d="${'M0 0L1 1'.repeat(80_000)}"/>`)],
    ['a <style> element with url()', svg('<style>rect { fill: url(https://x.org/p.svg) }</style>')],
    ['a javascript: link', svg('<a href="javascript:alert(1)"><text>x</text></a>')],
    [
      'an animation that sets a javascript: link',
      svg('<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>'),
    ],
    ['a javascript: URL broken by spaces', svg('<a><set attributeName="href" to="java script:alert(1)"/></a>')],
    ['no viewBox', svg('<rect/>', 'width="10" height="10"')],
    ['no svg at all', '<p>not a figure</p>'],
    ['an empty file', ''],
  ])('refuses %s', (_name, source) => {
    expect(parseFigure(source).errors.length).toBeGreaterThan(0);
  });

  it('words every problem for the author', () => {
    const source = svg(
      '<script>x</script><rect onclick="x"/><image href="https://x.org/a.png"/><rect style="fill:url(https://x.org)"/>',
      'width="10"',
    );
    expect(parseFigure(source).errors).toMatchInlineSnapshot(`
      [
        "<script> is not allowed in a figure",
        "event handler "onclick" is not allowed in a figure",
        "<image> is not allowed in a figure: draw the picture in SVG (the site makes no outside requests and has no raster images)",
        "style with url() is not allowed in a figure (only url(#id) of the figure's own definitions)",
        "the <svg> needs a viewBox so it can scale to the page width",
      ]
    `);
    expect(parseFigure('<p>no</p>').errors).toMatchInlineSnapshot(`
      [
        "the file has no <svg> element",
      ]
    `);
  });
});
