import {
  resolveHeading,
  resolveTarget,
  type LinkableHeading,
  type LinkIndex,
  type NameConflict,
} from './link-resolver.ts';
import { problem, suggest, type Problem } from './problems.ts';
import { looksLikeLabel } from './results.ts';

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
      const others = owners
        .filter((o) => o !== n)
        .map((o) => o.file)
        .join(', ');
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

/** A link once its anchor is checked: where it lands, and whether that is a result or equation. */
export interface ResolvedLink {
  slug: string;
  anchor?: string;
  /** True when the anchor is a result or equation label. */
  labelled?: boolean;
  context: string;
}

/** What a note offers links to: its headings, and the labels of its results and equations. */
export interface AnchorTargets {
  headings: readonly LinkableHeading[];
  labels: readonly string[];
}

/**
 * Checks the `#part` of each link of the note in `file` against the target, known only once every
 * note is rendered: a result or equation label, else a heading (by id or text). A missing one is
 * reported with the nearest label or heading; a label the target had in the previous build (from
 * the render cache) is reported as renamed, so references to it get updated.
 */
export function resolveAnchors(
  file: string,
  links: readonly FoundNoteLink[],
  targets: ReadonlyMap<string, AnchorTargets>,
  previousLabels: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { links: ResolvedLink[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const resolved = links.map((l): ResolvedLink => {
    if (!l.heading) return { slug: l.slug, context: l.context };
    const target = targets.get(l.slug) ?? { headings: [], labels: [] };
    if (target.labels.includes(l.heading))
      return { slug: l.slug, anchor: l.heading, labelled: true, context: l.context };
    const r = resolveHeading(target.headings, l.heading);
    if (r.ok) return { slug: l.slug, anchor: r.id, context: l.context };
    problems.push(anchorProblem(file, l, target, previousLabels.get(l.slug)?.has(l.heading) ?? false, r.suggestion));
    return { slug: l.slug, context: l.context };
  });
  return { links: resolved, problems };
}

function anchorProblem(
  file: string,
  l: FoundNoteLink,
  target: AnchorTargets,
  renamed: boolean,
  headingSuggestion: string | undefined,
): Problem {
  const place = { line: l.line, column: l.column };
  const headingTexts = target.headings.map((h) => h.text);
  if (!looksLikeLabel(l.heading as string)) {
    const hint = headingSuggestion ? ` Did you mean "${headingSuggestion}"?` : '';
    const list = headingTexts.length
      ? ` Headings there: ${headingTexts.slice(0, 8).join('; ')}`
      : ' That note has no headings.';
    return problem(file, place, `heading "${l.heading}" does not exist in ${l.slug}.${hint}${list}`, 'missing-heading');
  }
  const near = suggest(l.heading as string, [...target.labels, ...target.headings.map((h) => h.id)]);
  const hint = near ? ` Did you mean "${near}"?` : '';
  const list = target.labels.length
    ? ` Labels there: ${target.labels.slice(0, 10).join(', ')}`
    : ' That note has no labelled results or equations.';
  if (renamed)
    return problem(
      file,
      place,
      `label "${l.heading}" no longer exists in ${l.slug} (it did in the last build: renamed or removed?); ` +
        `update this reference.${hint}${list}`,
      'renamed-label',
    );
  return problem(
    file,
    place,
    `"#${l.heading}" names no result, equation or heading in ${l.slug}.${hint}${list}`,
    'missing-label',
  );
}

/** For every labelled anchor: the notes whose links land on it, each with its distinct sentences. */
export function usedIn(
  notes: readonly { slug: string; links: readonly ResolvedLink[] }[],
): Map<string, { slug: string; contexts: string[] }[]> {
  const out = new Map<string, Map<string, string[]>>();
  for (const n of notes) {
    for (const l of n.links) {
      if (!l.labelled || !l.anchor) continue;
      const key = `${l.slug}#${l.anchor}`;
      const byNote = out.get(key) ?? new Map<string, string[]>();
      const contexts = byNote.get(n.slug) ?? [];
      if (l.context && !contexts.includes(l.context)) contexts.push(l.context);
      byNote.set(n.slug, contexts);
      out.set(key, byNote);
    }
  }
  return new Map([...out].map(([key, byNote]) => [key, [...byNote].map(([slug, contexts]) => ({ slug, contexts }))]));
}

/** A label that is also a heading id in the same note would make `#label` ambiguous. */
export function labelCollisions(
  file: string,
  labels: readonly { label: string; line: number }[],
  headings: readonly LinkableHeading[],
): Problem[] {
  const ids = new Set(headings.map((h) => h.id));
  return labels
    .filter((l) => ids.has(l.label))
    .map((l) =>
      problem(
        file,
        { line: l.line, column: 1 },
        `label "${l.label}" is also the id of a heading in this note; ` +
          `rename the label so [[#${l.label}]] means one thing`,
        'duplicate-label',
      ),
    );
}

/** Resolves a note's `related:` (or `prerequisites:`) entries; each that names no note is reported at its line. */
export function resolveRelated(
  index: LinkIndex,
  file: string,
  entries: readonly string[],
  lines: readonly number[],
  key: 'related' | 'prerequisites' = 'related',
): { related: string[]; problems: Problem[] } {
  const related: string[] = [];
  const problems: Problem[] = [];
  entries.forEach((target, k) => {
    const r = resolveTarget(index, target);
    if (r.ok) related.push(r.slug);
    else {
      const hint = r.reason === 'not-found' && r.suggestion ? ` Did you mean "${r.suggestion}"?` : '';
      const rule = key === 'related' ? 'broken-related' : 'broken-prerequisite';
      problems.push(
        problem(
          file,
          { line: lines[k] ?? 1, column: 1 },
          `${key === 'related' ? 'related' : 'prerequisite'} entry "${target}" (item ${k + 1}) names no note.${hint}`,
          rule,
        ),
      );
    }
  });
  return { related, problems };
}

/** A warning for every note no other note links to (when there is more than one note). */
export function orphanProblems(
  notes: readonly { slug: string; file: string; linkedFrom: number; checkable: boolean }[],
): Problem[] {
  if (notes.length < 2) return [];
  return notes
    .filter((n) => n.linkedFrom === 0 && n.checkable)
    .map((n) =>
      problem(
        n.file,
        { line: 1, column: 1 },
        `no other note links to "${n.slug}"; link to it from a related note so readers can find it`,
        'orphan-note',
        'warning',
      ),
    );
}

/** For every cited paper: the notes citing it, in note order, each with its distinct citing sentences. */
export function citingNotes(
  notes: readonly { slug: string; citations: readonly { key: string; context: string; anchor: string }[] }[],
): Map<string, { slug: string; contexts: string[]; anchor: string }[]> {
  const byKey = new Map<string, Map<string, { contexts: string[]; anchor: string }>>();
  for (const n of notes) {
    for (const c of n.citations) {
      const byNote = byKey.get(c.key) ?? new Map<string, { contexts: string[]; anchor: string }>();
      // The note's first citation of the paper is where "Cited in" lands.
      const entry = byNote.get(n.slug) ?? { contexts: [], anchor: c.anchor };
      if (c.context && !entry.contexts.includes(c.context)) entry.contexts.push(c.context);
      byNote.set(n.slug, entry);
      byKey.set(c.key, byNote);
    }
  }
  return new Map([...byKey].map(([key, byNote]) => [key, [...byNote].map(([slug, e]) => ({ slug, ...e }))]));
}
