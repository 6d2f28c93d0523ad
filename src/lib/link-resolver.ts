import { headingSlug } from './slugs.ts';
import { suggest } from './problems.ts';

/**
 * The one link resolver. The remark plugin, the content checker and the tests all call it,
 * so they cannot disagree about what `[[target]]` means.
 *
 * A target matches a note's slug, title or one of its aliases, ignoring case and spacing.
 */

/** What the resolver needs to know about a note. */
export interface LinkableNote {
  slug: string;
  title: string;
  aliases: readonly string[];
  /** The note's path relative to the notes folder (`theory/ntk.md`), for relative Markdown links. */
  path?: string;
}

/** A heading a link may point at. */
export interface LinkableHeading {
  id: string;
  text: string;
}

/** A wikilink split into its parts: `[[target#heading|label]]`. */
export interface Wikilink {
  target: string;
  heading?: string;
  label?: string;
}

export type Resolution =
  | { ok: true; slug: string }
  | { ok: false; reason: 'not-found'; suggestion?: string }
  | { ok: false; reason: 'ambiguous'; candidates: string[] };

export interface LinkIndex {
  /** normalised name → slugs that claim it */
  readonly byName: ReadonlyMap<string, readonly string[]>;
  readonly slugs: ReadonlySet<string>;
  /** Display names for suggestions: every slug, title and alias. */
  readonly names: readonly string[];
  readonly notes: ReadonlyMap<string, LinkableNote>;
  /** path relative to the notes folder → slug */
  readonly byPath: ReadonlyMap<string, string>;
}

/** A name conflict found while building the index (two notes claim one title or alias). */
export interface NameConflict {
  name: string;
  kind: 'title' | 'alias';
  slugs: string[];
}

/** Lowercases and collapses whitespace, so `Neural  Tangent Kernel` matches `neural tangent kernel`. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Parses the inside of `[[…]]`. The label may contain `|` only when escaped as `\|` (inside tables). */
export function parseWikilink(inner: string): Wikilink {
  const unescaped = inner.replace(/\\\|/g, '|');
  const bar = unescaped.indexOf('|');
  const ref = bar === -1 ? unescaped : unescaped.slice(0, bar);
  const label = bar === -1 ? undefined : unescaped.slice(bar + 1).trim() || undefined;
  const hash = ref.indexOf('#');
  const target = (hash === -1 ? ref : ref.slice(0, hash)).trim();
  const heading = hash === -1 ? undefined : ref.slice(hash + 1).trim() || undefined;
  return { target, heading, label };
}

/** Builds the index once per build; O(total names). Also returns title/alias conflicts. */
export function buildLinkIndex(notes: readonly LinkableNote[]): { index: LinkIndex; conflicts: NameConflict[] } {
  const byName = new Map<string, string[]>();
  const kinds = new Map<string, 'title' | 'alias'>();
  const names: string[] = [];
  const add = (name: string, slug: string, kind: 'title' | 'alias' | 'slug') => {
    const key = normalizeName(name);
    if (key === '') return;
    const list = byName.get(key) ?? [];
    if (!list.includes(slug)) list.push(slug);
    byName.set(key, list);
    if (kind !== 'slug' && !kinds.has(key)) kinds.set(key, kind);
    names.push(name);
  };
  for (const note of notes) {
    add(note.slug, note.slug, 'slug');
    add(note.title, note.slug, 'title');
    for (const alias of note.aliases) add(alias, note.slug, 'alias');
  }
  const conflicts: NameConflict[] = [];
  for (const [name, slugs] of byName) {
    if (slugs.length > 1) conflicts.push({ name, kind: kinds.get(name) ?? 'alias', slugs: [...slugs] });
  }
  const index: LinkIndex = {
    byName,
    slugs: new Set(notes.map((n) => n.slug)),
    names: [...new Set(names)],
    notes: new Map(notes.map((n) => [n.slug, n])),
    byPath: new Map(notes.filter((n) => n.path).map((n) => [n.path as string, n.slug])),
  };
  return { index, conflicts };
}

/** Resolves a link target (slug, title or alias) to one note. */
export function resolveTarget(index: LinkIndex, target: string): Resolution {
  // Slugs are unique, so a target written as a slug names that note even when another note
  // uses the same word as a title or alias (that conflict is reported on its own).
  if (index.slugs.has(target.trim())) return { ok: true, slug: target.trim() };
  const found = index.byName.get(normalizeName(target));
  if (found && found.length === 1) return { ok: true, slug: found[0] };
  if (found && found.length > 1) return { ok: false, reason: 'ambiguous', candidates: [...found].sort() };
  const slugged = headingSlug(target);
  if (index.slugs.has(slugged)) return { ok: true, slug: slugged };
  return { ok: false, reason: 'not-found', suggestion: suggest(target, index.names) };
}

/** Finds a heading by its text or its anchor id; returns the anchor id or a suggestion. */
export function resolveHeading(
  headings: readonly LinkableHeading[],
  ref: string,
): { ok: true; id: string } | { ok: false; suggestion?: string } {
  // The renderer writes the anchor as headingSlug(ref), so the link works only if that id exists
  // (matching by visible text alone could accept a link whose anchor is wrong, e.g. a heading with math).
  const wantedId = headingSlug(ref);
  const hit = headings.find((h) => h.id === wantedId);
  if (hit) return { ok: true, id: hit.id };
  const byText = headings.find((h) => normalizeName(h.text) === normalizeName(ref));
  const suggestion = byText
    ? byText.id
    : suggest(
        ref,
        headings.map((h) => h.text),
      );
  return { ok: false, suggestion };
}

/**
 * Resolves a relative Markdown link such as `../theory/ntk.md#intro`, written in the note at
 * `fromPath` (relative to the notes folder). Returns undefined for links that are not to `.md` files.
 */
export function resolveMarkdownPath(
  index: LinkIndex,
  fromPath: string,
  href: string,
): { slug?: string; heading?: string; path: string } | undefined {
  const match = /^(?![a-z][a-z0-9+.-]*:|\/)([^?#]*\.md)(?:#(.*))?$/i.exec(href);
  if (!match) return undefined;
  const parts = fromPath.split('/').slice(0, -1);
  for (const segment of safeDecode(match[1]).split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  const path = parts.join('/');
  return { slug: index.byPath.get(path), heading: match[2] ? safeDecode(match[2]) : undefined, path };
}

/** Decodes %-escapes in a link; a `%` that starts no valid escape is kept as written (`100%.md`). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9a-f]{2}/gi, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}
