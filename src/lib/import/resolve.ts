import { normalizeName, resolveTarget, type LinkIndex } from '../link-resolver.ts';
import { fileStem, type NoteInfo } from './catalog.ts';

/**
 * Where a link or image of an imported note points: another imported note (by relative path,
 * Jekyll permalink, file name, title or alias), a note already on the site, a file of the folder,
 * or nothing. Pure: the folder's files are given as lists.
 */

export interface Catalog {
  notes: readonly NoteInfo[];
  byPath: ReadonlyMap<string, NoteInfo>;
  /** Lowercased path → notes (for links written with another case). */
  byLowerPath: ReadonlyMap<string, NoteInfo[]>;
  /** Lowercased file name without extension (and a post's date) → notes. */
  byStem: ReadonlyMap<string, NoteInfo[]>;
  /** Normalised title or alias → notes. */
  byName: ReadonlyMap<string, NoteInfo[]>;
  byPermalink: ReadonlyMap<string, NoteInfo>;
  /** Every other file of the folder, by path. */
  assets: ReadonlySet<string>;
  /** The site's own notes. */
  site: LinkIndex;
}

const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
  const list = map.get(key) ?? [];
  if (!list.includes(value)) list.push(value);
  map.set(key, list);
};

/** A permalink or site path compared loosely: no trailing `/`, `index.html` or `.html`. */
export function normalizeSitePath(path: string): string {
  return `/${path
    .replace(/^\/+/, '')
    .replace(/(?:\/index)?\.html?$/i, '')
    .replace(/\/+$/, '')}`;
}

/** Indexes the notes to import for link resolution. */
export function buildCatalog(notes: readonly NoteInfo[], assets: ReadonlySet<string>, site: LinkIndex): Catalog {
  const byLowerPath = new Map<string, NoteInfo[]>();
  const byStem = new Map<string, NoteInfo[]>();
  const byName = new Map<string, NoteInfo[]>();
  const byPermalink = new Map<string, NoteInfo>();
  for (const n of notes) {
    push(byLowerPath, n.path.toLowerCase(), n);
    push(byStem, n.stem.toLowerCase(), n);
    for (const name of [n.sourceTitle, ...n.aliases]) push(byName, normalizeName(name), n);
    if (n.permalink) byPermalink.set(normalizeSitePath(n.permalink), n);
  }
  return {
    notes,
    byPath: new Map(notes.map((n) => [n.path, n])),
    byLowerPath,
    byStem,
    byName,
    byPermalink,
    assets,
    site,
  };
}

/** `a/b` joined with `../c/d.md` → `a/c/d.md`; undefined when it leaves the folder. */
export function joinPath(dir: string, relative: string): string | undefined {
  const parts = dir === '' ? [] : dir.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

export const folderOf = (path: string) => path.split('/').slice(0, -1).join('/');

/** Decodes %-escapes, keeping a `%` that starts no valid escape. */
export function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The note at a path of the folder, trying the extensions and index pages a site generator adds. */
function noteAtPath(catalog: Catalog, path: string): NoteInfo | undefined {
  const bare = path
    .replace(/\/+$/, '')
    .replace(/\.html?$/i, '')
    .replace(/\.(md|markdown)$/i, '');
  const candidates = [path, `${bare}.md`, `${bare}.markdown`, `${bare}/index.md`, `${bare}/README.md`];
  for (const c of candidates) {
    const hit = catalog.byPath.get(c) ?? catalog.byLowerPath.get(c.toLowerCase())?.[0];
    if (hit) return hit;
  }
  return undefined;
}

/** One of several notes: the one in the linking note's folder, else the first (shallowest). */
function nearest(list: readonly NoteInfo[] | undefined, fromPath: string): NoteInfo | undefined {
  if (!list || list.length === 0) return undefined;
  return list.find((n) => folderOf(n.path) === folderOf(fromPath)) ?? list[0];
}

export type LinkTarget =
  | { kind: 'external' }
  | { kind: 'note'; note: NoteInfo; anchor?: string }
  | { kind: 'anchor'; anchor: string }
  | { kind: 'file'; path: string }
  | { kind: 'missing'; path: string };

/** Where a Markdown link's URL points. */
export function resolveLink(catalog: Catalog, fromPath: string, url: string): LinkTarget {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return { kind: 'external' };
  const hash = url.indexOf('#');
  const anchor = hash === -1 ? undefined : decodePath(url.slice(hash + 1));
  const rawPath = (hash === -1 ? url : url.slice(0, hash)).replace(/\?.*$/, '');
  const path = decodePath(rawPath);
  if (path === '') return anchor ? { kind: 'anchor', anchor } : { kind: 'external' };
  if (path.startsWith('/')) {
    const fromRoot = path.replace(/^\/+/, '');
    const note =
      noteAtPath(catalog, fromRoot) ??
      catalog.byPermalink.get(normalizeSitePath(path)) ??
      nearest(
        catalog.byStem.get(fileStem(`_posts/${normalizeSitePath(path).split('/').pop() ?? ''}`).toLowerCase()),
        fromPath,
      );
    if (note) return { kind: 'note', note, anchor };
    return catalog.assets.has(fromRoot) ? { kind: 'file', path: fromRoot } : { kind: 'missing', path };
  }
  const joined = joinPath(folderOf(fromPath), path);
  if (joined === undefined) return { kind: 'missing', path };
  const note = noteAtPath(catalog, joined);
  if (note) return { kind: 'note', note, anchor };
  return catalog.assets.has(joined) ? { kind: 'file', path: joined } : { kind: 'missing', path: joined };
}

export type WikiTarget =
  { kind: 'note'; note: NoteInfo; others: NoteInfo[] } | { kind: 'site'; slug: string } | { kind: 'missing' };

/** Where an Obsidian `[[target]]` points: a path, a file name, a title or alias, else a note of the site. */
export function resolveWikiTarget(catalog: Catalog, fromPath: string, target: string): WikiTarget {
  const name = target.trim();
  const byPath = name.includes('/')
    ? (noteAtPath(catalog, name) ?? noteAtPath(catalog, joinPath(folderOf(fromPath), name) ?? ''))
    : undefined;
  if (byPath) return { kind: 'note', note: byPath, others: [] };
  const stem =
    name
      .replace(/\.(md|markdown)$/i, '')
      .split('/')
      .pop() ?? name;
  const list = catalog.byStem.get(stem.toLowerCase()) ?? catalog.byName.get(normalizeName(name));
  const note = nearest(list, fromPath);
  if (note) return { kind: 'note', note, others: (list ?? []).filter((n) => n !== note) };
  const site = resolveTarget(catalog.site, name);
  return site.ok ? { kind: 'site', slug: site.slug } : { kind: 'missing' };
}

export type ImageTarget =
  | { kind: 'remote' }
  | { kind: 'local'; path: string }
  | { kind: 'missing'; path: string }
  | { kind: 'unsupported'; reason: string };

/** Where an image's URL points; Obsidian embeds (`![[x.png]]`) name a file anywhere in the folder. */
export function resolveImage(catalog: Catalog, fromPath: string, url: string, byName = false): ImageTarget {
  if (/^(https?:)?\/\//i.test(url)) return { kind: 'remote' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return { kind: 'unsupported', reason: `a ${url.split(':')[0]}: URL` };
  const path = decodePath(url.replace(/[?#].*$/, ''));
  if (byName && !path.includes('/')) {
    const matches = [...catalog.assets].filter((a) => (a.split('/').pop() ?? '').toLowerCase() === path.toLowerCase());
    const hit =
      matches.find((a) => folderOf(a) === folderOf(fromPath)) ??
      matches.sort((a, b) => a.split('/').length - b.split('/').length)[0];
    return hit ? { kind: 'local', path: hit } : { kind: 'missing', path };
  }
  const joined = path.startsWith('/') ? path.replace(/^\/+/, '') : joinPath(folderOf(fromPath), path);
  if (joined === undefined) return { kind: 'missing', path };
  return catalog.assets.has(joined) ? { kind: 'local', path: joined } : { kind: 'missing', path: joined };
}
