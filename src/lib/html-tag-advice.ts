import type { Element } from 'hast';

/** Why an element is refused and what to write instead, by tag. */
export function tagAdvice(el: Element): { reason: string; rule: string } {
  const tag = el.tagName;
  const shown = `<${tag}>`;
  if (tag === 'script')
    return { reason: `${shown} would run code in the reader's browser: remove it`, rule: 'unsafe-html' };
  if (tag === 'style' || tag === 'link')
    return {
      reason: `${shown} would restyle the whole page: remove it (the site's stylesheet applies to every note)`,
      rule: 'unsafe-html',
    };
  if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal'].includes(tag)) {
    return {
      reason:
        `${shown} embeds content from elsewhere, which this site never loads: ` +
        'link to it instead, [title](https://…)',
      rule: 'unsafe-html',
    };
  }
  if (['form', 'input', 'button', 'select', 'textarea', 'option', 'fieldset'].includes(tag)) {
    return {
      reason:
        `${shown}: forms and form controls are not allowed in notes; ` +
        'remove it (for a task list write "- [ ] item")',
      rule: 'unsafe-html',
    };
  }
  if (['base', 'meta', 'noscript', 'template', 'slot'].includes(tag))
    return { reason: `${shown} would change how the page works: remove it`, rule: 'unsafe-html' };
  if (tag === 'svg')
    return {
      reason: `inline ${shown}: save it as content/figures/name.svg and write ![what it shows](../figures/name.svg)`,
      rule: 'html-not-allowed',
    };
  if (tag === 'math')
    return {
      reason: `inline ${shown}: write the formula as $…$ or $$…$$ (KaTeX renders it, MathML included)`,
      rule: 'html-not-allowed',
    };
  if (['video', 'audio', 'canvas', 'picture', 'source', 'track'].includes(tag)) {
    return {
      reason: `${shown} is not supported: link to the file instead, or use a still image in content/figures/`,
      rule: 'html-not-allowed',
    };
  }
  if (tag === 'd-cite' || tag === 'cite' || tag.endsWith('-cite')) {
    const key = String(el.properties.key ?? el.properties.dataKey ?? '').trim();
    const keys = key
      ? key
          .split(/\s*,\s*/)
          .map((k) => `@${k}`)
          .join('; ')
      : '@key';
    return {
      reason: `${shown} citation tag: write [${keys}] instead (keys from content/references.bib)`,
      rule: 'html-not-allowed',
    };
  }
  if (tag.includes('-'))
    return {
      reason: `${shown} is a custom element this site does not render: remove the tags and keep the text`,
      rule: 'html-not-allowed',
    };
  const markdown: Record<string, string> = {
    font: 'write *emphasis* or **strong** instead',
    center: 'remove it (figures and tables are laid out by the site)',
    big: 'remove it',
    strike: 'write ~~text~~ instead',
    tt: 'write `code` instead',
    blink: 'remove it',
    marquee: 'remove it',
  };
  return {
    reason: `${shown} is not allowed in notes: ${markdown[tag] ?? 'write Markdown instead'}`,
    rule: 'html-not-allowed',
  };
}
