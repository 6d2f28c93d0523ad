import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
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
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name)) errors.push(`event handler "${name}" is not allowed in a figure`);
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
