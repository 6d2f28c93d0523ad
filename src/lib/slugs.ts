import { slug as githubSlug } from 'github-slugger';

/**
 * Slugs and URLs. A note's slug is its file name without `.md`, slugified; it is the
 * note's id everywhere (collection id, URL segment, wikilink target).
 * Invariant: every function here is pure and returns paths that end in `/` (directory URLs).
 */

/** The slug of a note from its path relative to the notes folder (`theory/NTK.md` → `ntk`). */
export function noteSlugFromPath(relativePath: string): string {
  const file = relativePath.split(/[\\/]/).pop() ?? relativePath;
  return githubSlug(file.replace(/\.md$/i, ''));
}

/**
 * The anchor id of a heading's text, as the heading ids step gives it the first time it appears
 * (src/plugins/rehype-headings.ts, rehype-slug's rule).
 */
export function headingSlug(text: string): string {
  return githubSlug(text);
}

/** True for lowercase words joined by single hyphens (`implicit-bias`). */
export function isKebabCase(value: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value);
}

/** Normalises a configured base path to start and end with `/` (`dl-theory` → `/dl-theory/`). */
export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '/').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Joins the site base with a site-relative path (`/dl-theory/` + `notes/x/`). */
export function withBase(base: string, path: string): string {
  return normalizeBase(base) + path.replace(/^\/+/, '');
}

/** URL of a note page. */
export function noteUrl(base: string, slug: string, anchor?: string): string {
  return withBase(base, `notes/${slug}/`) + (anchor ? `#${anchor}` : '');
}

/**
 * The URL segment of a paper page: the BibTeX key with every run of characters other than ASCII
 * letters, digits, `_` and `-` turned into one `-` (`DBLP:conf/nips/JacotHG18` → `DBLP-conf-nips-JacotHG18`),
 * so pages are plain folder names everywhere: on any host, in the file:// copy and offline.
 * Two keys that give one segment are reported by the BibTeX check. Empty for a key with no letter or digit.
 */
export function paperSlug(key: string): string {
  return key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** URL of a paper page. */
export function paperUrl(base: string, key: string): string {
  return withBase(base, `papers/${paperSlug(key)}/`);
}

/** URL of a tag page. */
export function tagUrl(base: string, tag: string): string {
  return withBase(base, `tags/${tag}/`);
}

/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const UNDECOMPOSED: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  þ: 'th',
  Þ: 'Th',
};

/**
 * Latin text without its accents (`Jastrzębski` → `Jastrzebski`, `Łojasiewicz` → `Lojasiewicz`), so
 * a name typed with or without them compares equal and author pages get plain folder names.
 */
export function foldLatin(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁøØđĐðÐħĦıßæÆœŒþÞ]/g, (c) => UNDECOMPOSED[c]);
}

/** URL of an author page. */
export function authorUrl(base: string, slug: string): string {
  return withBase(base, `authors/${slug}/`);
}
