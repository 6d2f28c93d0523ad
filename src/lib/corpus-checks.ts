import { resolveHeading, resolveTarget, type LinkableHeading, type LinkIndex, type NameConflict } from './link-resolver.ts';
import { problem, type Problem } from './problems.ts';

/**
 * The checks that need every note at once, as pure functions over plain data: names claimed twice,
 * links to headings, `related:` entries, orphans, and which notes cite which paper. The corpus load
 * calls them once every note is read and rendered.
 */

/** Where a note declares what other notes may collide with. */
export interface NamedNote {
  slug: string;
  file: string;
  title: string;
  titleLine: number;
  aliasLine: number;
}

/** One problem per note that claims a title or alias another note also claims. */
export function nameConflictProblems(conflicts: readonly NameConflict[], notes: readonly NamedNote[]): Problem[] {
  const bySlug = new Map(notes.map((n) => [n.slug, n]));
  const problems: Problem[] = [];
  for (const c of conflicts) {
    const owners = c.slugs.map((s) => bySlug.get(s)).filter((n): n is NamedNote => n !== undefined);
    for (const n of owners) {
      const others = owners.filter((o) => o !== n).map((o) => o.file).join(', ');
      const isTitle = n.title.trim().toLowerCase() === c.name;
      problems.push(
        problem(
          n.file,
          { line: isTitle ? n.titleLine : n.aliasLine, column: 1 },
          `"${c.name}" is claimed by more than one note (also ${others}); a title or alias must name one note only`,
          isTitle && c.kind === 'title' ? 'duplicate-title' : 'duplicate-alias',
        ),
      );
    }
  }
  return problems;
}

/** A link as the renderer found it: to a note, maybe to a heading in it. */
export interface FoundNoteLink {
  slug: string;
  heading?: string;
  line: number;
  column: number;
  context: string;
}

/** A link once its heading is checked: the anchor it lands on, when it names one. */
export interface ResolvedLink {
  slug: string;
  anchor?: string;
  context: string;
}

/**
 * Checks the heading part of each link of the note in `file` against the target's headings, which
 * are known only once every note is rendered; a missing heading is reported with the nearest one.
 */
export function resolveHeadingLinks(file: string, links: readonly FoundNoteLink[], headingsOf: ReadonlyMap<string, readonly LinkableHeading[]>): { links: ResolvedLink[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const resolved = links.map((l) => {
    if (!l.heading) return { slug: l.slug, context: l.context };
    const headings = headingsOf.get(l.slug) ?? [];
    const r = resolveHeading(headings, l.heading);
    if (r.ok) return { slug: l.slug, anchor: r.id, context: l.context };
    const valid = headings.map((h) => h.text);
    problems.push(
      problem(
        file,
        { line: l.line, column: l.column },
        `heading "${l.heading}" does not exist in ${l.slug}.${r.suggestion ? ` Did you mean "${r.suggestion}"?` : ''}${valid.length ? ` Headings there: ${valid.slice(0, 8).join('; ')}` : ' That note has no headings.'}`,
        'missing-heading',
      ),
    );
    return { slug: l.slug, context: l.context };
  });
  return { links: resolved, problems };
}

/** Resolves a note's `related:` entries; each that names no note is reported at its line. */
export function resolveRelated(index: LinkIndex, file: string, entries: readonly string[], lines: readonly number[]): { related: string[]; problems: Problem[] } {
  const related: string[] = [];
  const problems: Problem[] = [];
  entries.forEach((target, k) => {
    const r = resolveTarget(index, target);
    if (r.ok) related.push(r.slug);
    else {
      const hint = r.reason === 'not-found' && r.suggestion ? ` Did you mean "${r.suggestion}"?` : '';
      problems.push(problem(file, { line: lines[k] ?? 1, column: 1 }, `related entry "${target}" (item ${k + 1}) names no note.${hint}`, 'broken-related'));
    }
  });
  return { related, problems };
}

/** A warning for every note no other note links to (when there is more than one note). */
export function orphanProblems(notes: readonly { slug: string; file: string; linkedFrom: number; checkable: boolean }[]): Problem[] {
  if (notes.length < 2) return [];
  return notes
    .filter((n) => n.linkedFrom === 0 && n.checkable)
    .map((n) => problem(n.file, { line: 1, column: 1 }, `no other note links to "${n.slug}"; link to it from a related note so readers can find it`, 'orphan-note', 'warning'));
}

/** For every cited paper: the notes citing it, in note order, each with its distinct citing sentences. */
export function citingNotes(notes: readonly { slug: string; citations: readonly { key: string; context: string }[] }[]): Map<string, { slug: string; contexts: string[] }[]> {
  const byKey = new Map<string, Map<string, string[]>>();
  for (const n of notes) {
    for (const c of n.citations) {
      const byNote = byKey.get(c.key) ?? new Map<string, string[]>();
      const contexts = byNote.get(n.slug) ?? [];
      if (c.context && !contexts.includes(c.context)) contexts.push(c.context);
      byNote.set(n.slug, contexts);
      byKey.set(c.key, byNote);
    }
  }
  return new Map([...byKey].map(([key, byNote]) => [key, [...byNote].map(([slug, contexts]) => ({ slug, contexts }))]));
}
