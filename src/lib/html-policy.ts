import type { Element, Properties } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { find, html as htmlSpace } from 'property-information';
import { htmlSchema } from './html-schema.ts';
import { tagAdvice } from './html-tag-advice.ts';
import { isSafeUrl, schemeOf } from './safe-url.ts';

/**
 * What inline HTML a note may contain. The base is GitHub's sanitizer schema (hast-util-sanitize's
 * default, the markup a README may use), narrowed where this site is stricter (no form controls, no
 * remote images, no `name` attribute, no protocols beyond http, https and mailto) and widened by a few
 * harmless text elements authors use (`<mark>`, `<abbr>`, `<figure>`…). Every element a note's HTML
 * would lose is reported with what to write instead; the schema is then applied to what is
 * published, so nothing outside it reaches a page even if a check here missed it.
 */

const ALLOWED_TAGS = new Set(htmlSchema.tagNames);

/** Where a note's inline HTML points to figures: raster files that will be published, by name. */
export interface HtmlContext {
  /** Raster figure name → its published URL. */
  rasterUrls: ReadonlyMap<string, string>;
  /** SVG figure names (inlined by Markdown image syntax, never published as files). */
  svgNames: ReadonlySet<string>;
}

/** The attribute as the author wrote it (`onClick` → `onclick`, `className` → `class`). */
function attributeName(property: string): string {
  return find(htmlSpace, property).attribute;
}

function shownValue(value: Properties[string]): string {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Why one attribute is refused and what to do, or undefined when it is allowed. */
/** A refused attribute, or an image source rewritten to its published figure. */
interface Advice {
  reason: string;
  rule: string;
  src?: string;
  figure?: string;
}

function attributeAdvice(
  el: Element,
  property: string,
  value: Properties[string],
  ctx: HtmlContext,
): Advice | undefined {
  const tag = `<${el.tagName}>`;
  const attr = attributeName(property);
  const written = `${attr}="${shownValue(value)}"`;
  if (/^on/i.test(attr))
    return {
      reason: `the attribute ${written} on ${tag} would run code in the reader's browser: remove it`,
      rule: 'unsafe-html',
    };
  if (attr === 'style')
    return {
      reason:
        `the attribute ${written} on ${tag} is not allowed ` +
        '(inline styles can cover or restyle the page): remove it',
      rule: 'unsafe-html',
    };
  if (attr === 'class')
    return {
      reason:
        `the attribute ${written} on ${tag} has no effect here ` +
        "(the site's stylesheet does not know it): remove it",
      rule: 'html-not-allowed',
    };
  if (attr === 'name')
    return {
      reason: `the attribute ${written} on ${tag} is not allowed: for a link target write id="${shownValue(value)}"`,
      rule: 'html-not-allowed',
    };
  if (attr === 'id' && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(String(value))) {
    return {
      reason: `the id ${written} on ${tag} must start with a letter and use only letters, digits, "-" and "_"`,
      rule: 'html-not-allowed',
    };
  }
  if (attr === 'href' || attr === 'cite') {
    const url = String(value);
    if (!isSafeUrl(url))
      return {
        reason:
          `the link ${written} on ${tag} uses the ${schemeOf(url)} scheme, which could run code or open local files: ` +
          'only http, https and mailto links are published',
        rule: 'unsafe-html',
      };
    if (attr === 'href' && schemeOf(url) === undefined && !url.startsWith('#')) {
      return {
        reason:
          `the link ${written} on ${tag} is relative: ` +
          `write it in Markdown, [text](${url}) or [[note]], so the site can check and resolve it`,
        rule: 'html-not-allowed',
      };
    }
    return undefined;
  }
  if (attr === 'src' && el.tagName === 'img') return imageAdvice(String(value), written, ctx);
  if (!allowedAttribute(el.tagName, property, value))
    return { reason: `the attribute ${written} on ${tag} is not allowed here: remove it`, rule: 'html-not-allowed' };
  return undefined;
}

function imageAdvice(url: string, written: string, ctx: HtmlContext): Advice | undefined {
  if (schemeOf(url) !== undefined) {
    return {
      reason:
        `the image ${written} is loaded from elsewhere, and the site makes no request outside its own origin: ` +
        'save it in content/figures/ and write src="../figures/name.png"',
      rule: 'unsafe-html',
    };
  }
  const name = /(?:^|\/)figures\/([^/?#]+)$/.exec(url)?.[1];
  const decoded = name === undefined ? undefined : safeDecode(name);
  const published = decoded === undefined ? undefined : ctx.rasterUrls.get(decoded);
  if (published) return { reason: '', rule: '', src: published, figure: decoded };
  if (decoded !== undefined && ctx.svgNames.has(decoded))
    return {
      reason:
        'an SVG figure is inlined, not loaded: ' +
        `write ![what it shows](../figures/${decoded}) instead of ${written}`,
      rule: 'html-not-allowed',
    };
  return {
    reason: `the image ${written} is not in content/figures/: put the file there and write src="../figures/name.png"`,
    rule: 'broken-image',
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Whether the schema keeps this attribute on this element (checked with the sanitizer itself). */
function allowedAttribute(tagName: string, property: string, value: Properties[string]): boolean {
  const probe: Element = { type: 'element', tagName, properties: { [property]: value }, children: [] };
  const kept = sanitize(probe, htmlSchema) as Element;
  return kept.type === 'element' && property in kept.properties;
}

/** A refusal found in one element of a note's inline HTML. */
export interface HtmlRefusal {
  reason: string;
  rule: string;
}

/**
 * Checks one element of a note's inline HTML and returns what is refused. Allowed elements are
 * rewritten in place to what the sanitizer keeps (an image's `src` pointed at the published figure);
 * a refused element is reported, and the caller removes it.
 */
export function checkHtmlElement(
  el: Element,
  ctx: HtmlContext,
): { refusals: HtmlRefusal[]; keep: boolean; figure?: string } {
  if (!ALLOWED_TAGS.has(el.tagName)) return { refusals: [tagAdvice(el)], keep: false };
  const refusals: HtmlRefusal[] = [];
  let figure: string | undefined;
  for (const [property, value] of Object.entries(el.properties)) {
    if (value === undefined || value === null || value === false) continue;
    const advice = attributeAdvice(el, property, value, ctx);
    if (advice?.src) {
      el.properties[property] = advice.src;
      figure = advice.figure;
    } else if (advice) {
      refusals.push(advice);
      delete el.properties[property];
    }
  }
  if (el.tagName === 'img' && !el.properties.alt) {
    refusals.push({ reason: 'the image has no description: add alt="what the image shows"', rule: 'figure-alt' });
  }
  // What is published is what the sanitizer keeps of the element (its children are checked on their own).
  const kept = sanitize({ ...el, children: [] }, htmlSchema) as Element;
  el.properties = kept.type === 'element' ? kept.properties : {};
  if (el.tagName !== 'img') return { refusals, keep: kept.type === 'element' };
  // An image is published only when it shows a figure of the site.
  Object.assign(el.properties, { loading: 'lazy', decoding: 'async' });
  return { refusals, keep: kept.type === 'element' && figure !== undefined, figure };
}
