import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/**
 * Parses an SVG figure and checks that it is safe and self-contained to inline in a page:
 * no scripts, no event handlers, no external references, no embedded HTML.
 */
export function parseFigure(source: string): { svg?: Element; errors: string[] } {
  const errors: string[] = [];
  const tree: Root = fromHtml(source, { fragment: true, space: 'svg' });
  const svg = tree.children.find((n): n is Element => n.type === 'element' && n.tagName === 'svg');
  if (!svg) return { errors: ['the file has no <svg> element'] };
  visit(svg, 'element', (node: Element) => {
    const tag = node.tagName.toLowerCase();
    if (tag === 'script' || tag === 'foreignobject' || tag === 'iframe') errors.push(`<${node.tagName}> is not allowed in a figure`);
    if (tag === 'style' && /url\(|@import/i.test(toString(node))) errors.push('a <style> with url() or @import is not allowed in a figure');
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name)) errors.push(`event handler "${name.toLowerCase()}" is not allowed in a figure`);
      // Also catches `<animate attributeName="href" values="javascript:…">`, which sets a link without an href.
      if ((Array.isArray(value) ? value.join(' ') : String(value)).toLowerCase().replace(/\s+/g, '').includes('javascript:')) {
        errors.push(`a javascript: URL is not allowed in a figure (in ${name})`);
      }
      if (/^(href|xLinkHref|src)$/i.test(name) && typeof value === 'string' && !value.startsWith('#')) {
        errors.push(`external reference "${value}" is not allowed in a figure (the site makes no outside requests)`);
      }
      if (name === 'style' && typeof value === 'string' && /url\(|@import/i.test(value)) errors.push('style with url() is not allowed in a figure');
    }
  });
  if (!svg.properties.viewBox) errors.push('the <svg> needs a viewBox so it can scale to the page width');
  // Sizing comes from CSS; fixed width/height would overflow phones.
  delete svg.properties.width;
  delete svg.properties.height;
  return { svg, errors };
}
