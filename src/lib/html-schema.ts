import { defaultSchema, type Schema } from 'hast-util-sanitize';

/**
 * The inline HTML a note may contain, as hast-util-sanitize reads it: GitHub's schema, narrowed and
 * widened as src/lib/html-policy.ts explains.
 */

const REMOVED_TAGS = new Set(['input', 'picture', 'source']);

const EXTRA_TAGS = [
  'mark',
  'small',
  'abbr',
  'cite',
  'dfn',
  'u',
  'wbr',
  'figure',
  'figcaption',
  'caption',
  'colgroup',
  'col',
];

/** `name` is left out: `<img name="cookie">` would shadow `document.cookie` for the page's scripts. */
const GLOBAL_ATTRIBUTES = (defaultSchema.attributes?.['*'] ?? []).filter((a) => a !== 'name');

export const htmlSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => !REMOVED_TAGS.has(t)), ...EXTRA_TAGS],
  attributes: {
    ...Object.fromEntries(Object.entries(defaultSchema.attributes ?? {}).filter(([tag]) => !REMOVED_TAGS.has(tag))),
    '*': GLOBAL_ATTRIBUTES,
    img: ['alt', 'src', 'width', 'height', 'title', 'loading', 'decoding'],
    abbr: ['title'],
    col: ['span'],
  },
  // Ids keep the author's spelling so `[text](#id)` links work; they are checked below instead.
  clobber: [],
  clobberPrefix: '',
  protocols: { href: ['http', 'https', 'mailto'], cite: ['http', 'https'], src: [] },
  required: {},
  strip: ['script', 'style', 'template', 'textarea', 'title', 'noscript', 'iframe', 'object', 'embed'],
};
