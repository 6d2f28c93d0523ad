import * as csstree from 'css-tree';
import type { Element, ElementContent } from 'hast';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { s } from 'hastscript';
import { find, svg as svgSchema } from 'property-information';
import type { Element as XmlElement, Nodes as XmlNodes } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { ATTRIBUTES, CSS_FUNCTIONS, CSS_PROPERTIES, ELEMENTS } from './figure-allowlist.ts';

/**
 * SVG figures are inlined into pages, so a figure is as powerful as the page's own HTML. A figure
 * is parsed as XML (a strict parser: malformed markup, entity definitions and HTML-isms are
 * refused, never "repaired" into something else), checked against an allowlist of SVG elements and
 * attributes with a message for each thing refused, and then passed through hast-util-sanitize
 * with the same allowlist, so what reaches the page is built only from allowed parts even if a
 * check here missed something. Style attributes are parsed as CSS and rebuilt from their parsed
 * form. `<style>` elements are refused: the site's Content-Security-Policy would block them anyway.
 */

/** Figures larger than this are refused: a figure is a diagram, and its page must stay light. */
export const MAX_FIGURE_BYTES = 512 * 1024;

const propertyOf = (attribute: string) => find(svgSchema, attribute).property;

/** The allowlist as hast-util-sanitize reads it (property names), also used to report. */
const schema: Schema = {
  tagNames: ELEMENTS,
  attributes: { '*': ATTRIBUTES.map(propertyOf) },
  // Only fragment references (`#marker`) survive; anything with a protocol is dropped.
  protocols: { href: [], xLinkHref: [] },
  clobber: [],
  strip: ['script', 'style'],
  required: {},
  ancestors: {},
};
const allowedElements = new Set(ELEMENTS);
const allowedAttributes = new Set(ATTRIBUTES);

/** `url(#id)`, the only url() a figure may use: a reference to one of its own definitions. */
const localUrl = /^url\(\s*(['"]?)#[\w.:-]+\1\s*\)$/i;

/**
 * Checks a CSS declaration list (a style attribute) and returns it rebuilt from its parsed form,
 * or the reasons it is refused. Escapes are refused outright: `u\rl(` is how filters are evaded.
 */
export function checkFigureCss(css: string): { css?: string; errors: string[] } {
  const errors: string[] = [];
  if (/[\\<>@]/.test(css)) {
    return {
      errors: [
        'a style with a backslash escape, "<", ">" or an at-rule is not allowed in a figure: ' +
          'write plain declarations such as style="fill: currentColor"',
      ],
    };
  }
  let broken = false;
  const ast = csstree.parse(css, { context: 'declarationList', onParseError: () => (broken = true) });
  if (broken) return { errors: [`the style "${css.slice(0, 60)}" is not valid CSS`] };
  csstree.walk(ast, (node) => {
    if (
      node.type === 'Declaration' &&
      !CSS_PROPERTIES.has(node.property.toLowerCase()) &&
      !node.property.startsWith('--')
    ) {
      errors.push(
        `the CSS property "${node.property}" is not allowed in a figure's style; ` +
          'use paint and text properties such as fill, stroke, font-size',
      );
    } else if (node.type === 'Url' && !localUrl.test(`url(${node.value})`)) {
      errors.push(`style with url() is not allowed in a figure (only url(#id) of the figure's own definitions)`);
    } else if (node.type === 'Function' && !CSS_FUNCTIONS.has(node.name.toLowerCase())) {
      errors.push(`the CSS function ${node.name}() is not allowed in a figure's style`);
    }
  });
  return errors.length > 0 ? { errors } : { css: csstree.generate(ast), errors };
}

/** Checks one attribute of an allowed element; returns the value to keep, or undefined when refused. */
function checkAttribute(element: string, name: string, value: string, errors: string[]): string | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) {
    errors.push(`event handler "${lower}" is not allowed in a figure`);
    return undefined;
  }
  if (!allowedAttributes.has(name)) {
    errors.push(`attribute "${name}" on <${element}> is not allowed in a figure`);
    return undefined;
  }
  if (lower === 'href' || lower === 'xlink:href') {
    if (/^#[\w.:-]+$/.test(value.trim())) return value.trim();
    const squashed = value.toLowerCase().replace(/[\s\u0000-\u001f]+/g, '');
    errors.push(
      squashed.startsWith('javascript:')
        ? `a javascript: URL is not allowed in a figure (in ${name})`
        : `external reference "${value}" is not allowed in a figure (the site makes no outside requests)`,
    );
    return undefined;
  }
  if (lower === 'style') {
    const checked = checkFigureCss(value);
    errors.push(...checked.errors);
    return checked.css;
  }
  if (/\\/.test(value) || (/url\s*\(/i.test(value) && !localUrl.test(value.trim()))) {
    errors.push(`the value of "${name}" may only refer to the figure's own definitions, as url(#id)`);
    return undefined;
  }
  return value;
}

/** Converts an allowed XML element to hast, reporting (and leaving out) everything not allowed. */
function toHast(node: XmlElement, errors: string[]): Element | undefined {
  if (!allowedElements.has(node.name)) {
    const why =
      node.name === 'style'
        ? "a <style> element is not allowed in a figure (the site's Content-Security-Policy blocks it): " +
          'put fill=, stroke= or style="…" on the elements'
        : /^(animate|animateMotion|animateTransform|set|discard)$/.test(node.name)
          ? `<${node.name}> is not allowed in a figure: ` +
            'figures are static (an animation can rewrite a link into a script)'
          : node.name === 'image'
            ? '<image> is not allowed in a figure: ' +
              'draw the picture in SVG (the site makes no outside requests and has no raster images)'
            : `<${node.name}> is not allowed in a figure`;
    errors.push(why);
    return undefined;
  }
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(node.attributes)) {
    if (value === null || value === undefined) continue;
    const kept = checkAttribute(node.name, name, String(value), errors);
    if (kept !== undefined) properties[name] = kept;
  }
  const children: ElementContent[] = [];
  for (const child of node.children as XmlNodes[]) {
    if (child.type === 'element') {
      const converted = toHast(child, errors);
      if (converted) children.push(converted);
    } else if (child.type === 'text' || child.type === 'cdata') {
      children.push({ type: 'text', value: child.value });
    }
  }
  return s(node.name, properties, children);
}

/**
 * Parses an SVG figure and checks that it is safe and self-contained to inline in a page.
 * Returns the sanitized <svg> element (only when there are no errors) and every problem found.
 */
export function parseFigure(source: string): { svg?: Element; errors: string[] } {
  if (Buffer.byteLength(source) > MAX_FIGURE_BYTES) {
    return {
      errors: [
        `the figure is ${(Buffer.byteLength(source) / 1024).toFixed(0)} KB; ` +
          `the limit is ${MAX_FIGURE_BYTES / 1024} KB. Simplify it (fewer points, no embedded data) or split it`,
      ],
    };
  }
  let root;
  try {
    root = fromXml(source);
  } catch (error) {
    const e = error as { cause?: Error; place?: { line: number; column: number } };
    const detail = (e.cause?.message ?? String(error)).split('\n')[0].replace(/\s*\(line \d+, column \d+\)$/, '');
    const where = e.place ? ` at line ${e.place.line}, column ${e.place.column}` : '';
    return { errors: [`the file is not well-formed XML${where}: ${detail}. Export it again as plain SVG`] };
  }
  const top = root.children.find((n): n is XmlElement => n.type === 'element');
  if (!top || top.name !== 'svg') return { errors: ['the file has no <svg> element'] };
  const errors: string[] = [];
  const converted = toHast(top, errors);
  if (!top.attributes.viewBox) errors.push('the <svg> needs a viewBox so it can scale to the page width');
  if (!converted || errors.length > 0) return { errors };
  const clean = sanitize(converted, schema) as unknown as { type: string; children?: ElementContent[] };
  const svg = (clean.type === 'root' ? clean.children?.find((n) => n.type === 'element') : clean) as
    Element | undefined;
  if (!svg || svg.tagName !== 'svg') return { errors: ['the figure has nothing left once sanitized'] };
  // Sizing comes from CSS; fixed width/height would overflow phones.
  delete svg.properties.width;
  delete svg.properties.height;
  return { svg, errors };
}
