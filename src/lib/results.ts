import { escapeHtml } from './html.ts';

/**
 * Results (theorems, definitions, …) and numbered equations as linkable objects: their kinds and
 * names, the label syntax, and the reference tokens. A reference such as `[[note#label]]` is
 * rendered with a token in place of its text, because its text ("Theorem 2 in Note") depends on
 * another note's numbering; pages replace the tokens once every note is known (resolveRefTokens),
 * so a note's cached render stays valid when another note's numbering changes.
 */

/** The kinds of result block, as written after `:::`, and how each is named on the page. */
export const RESULT_KINDS = {
  theorem: 'Theorem',
  lemma: 'Lemma',
  proposition: 'Proposition',
  corollary: 'Corollary',
  definition: 'Definition',
  assumption: 'Assumption',
  example: 'Example',
  remark: 'Remark',
} as const;

export type ResultKind = keyof typeof RESULT_KINDS;

/** `:::proof` is a block too, but attached to the result before it and not numbered. */
export const PROOF = 'proof';

/** True for a kind of numbered result block. */
export function isResultKind(name: string): name is ResultKind {
  return Object.hasOwn(RESULT_KINDS, name);
}

/** A result label: lowercase words joined by `-` (`pl-linear-rate`). */
export const RESULT_LABEL = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An equation label: `eq:` and then the same (`eq:pl-inequality`). */
export const EQUATION_LABEL = /^eq:[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** True when the part after `#` in a link is written like a label, so it keeps its exact form as the anchor. */
export function looksLikeLabel(anchor: string): boolean {
  return RESULT_LABEL.test(anchor) || EQUATION_LABEL.test(anchor);
}

/** A numbered result of a note, as the renderer found it. */
export interface NoteResult {
  label: string;
  kind: ResultKind;
  number: number;
  /** The title as plain text ('' when the block has none). */
  title: string;
  /**
   * The statement as HTML (math rendered), for the glossary. The site's collections keep it only
   * for the results the glossary shows (inGlossary); for the others it is ''.
   */
  statementHtml: string;
  /** True when the author wrote the label (`{#label}`); otherwise it is `<kind>-<number>`. */
  labelled: boolean;
  line: number;
}

/** Whether the glossary lists a result: it lists the definitions. */
export function inGlossary(result: Pick<NoteResult, 'kind'>): boolean {
  return result.kind === 'definition';
}

/** A numbered equation of a note. */
export interface NoteEquation {
  label: string;
  number: number;
  line: number;
}

/** "Theorem 2". */
export function resultName(kind: ResultKind, number: number): string {
  return `${RESULT_KINDS[kind]} ${number}`;
}

/** What a reference to a result or equation reads as: "Theorem 2", "Theorem 2 in Note", "(3)", "eq. (3) in Note". */
export function referenceText(
  target: { kind: ResultKind; number: number } | { equation: number },
  inNote?: string,
): string {
  if ('equation' in target) return inNote ? `eq. (${target.equation}) in ${inNote}` : `(${target.equation})`;
  const name = resultName(target.kind, target.number);
  return inNote ? `${name} in ${inNote}` : name;
}

// Plane-15 private-use characters: KaTeX's own output uses private-use characters of the BMP.
const OPEN = '\u{F0000}';
const CLOSE = '\u{F0001}';

/**
 * The placeholder text of a reference, resolved when pages are built. `sameNote` says whether the
 * link was written in the target note itself (`[[#label]]`), which decides "Theorem 2" against
 * "Theorem 2 in Note" wherever the sentence is shown.
 */
export function refToken(slug: string, anchor: string, sameNote: boolean): string {
  return `${OPEN}${slug}#${anchor}#${sameNote ? 1 : 0}${CLOSE}`;
}

/** How to read a reference token: its text, or undefined to keep the fallback. */
export type RefLookup = (slug: string, anchor: string, sameNote: boolean) => string | undefined;

const tokenPattern = new RegExp(`${OPEN}([^#${CLOSE}]*)#([^#${CLOSE}]*)#([01])${CLOSE}`, 'gu');

/**
 * Replaces every reference token in `html` (a page body, or a context sentence) with its text.
 * A token the lookup cannot read (a heading link) falls back to the anchor as written.
 */
export function resolveRefTokens(html: string, lookup: RefLookup): string {
  if (!html.includes(OPEN)) return html;
  return html.replace(
    tokenPattern,
    (_m, slug: string, anchor: string, same: string) => lookup(slug, anchor, same === '1') ?? anchor,
  );
}

/** The results and equations of every note, for resolving references and building index pages. */
export interface ResultIndex {
  notes: ReadonlyMap<string, { title: string; results: readonly NoteResult[]; equations: readonly NoteEquation[] }>;
}

/**
 * The lookup pages use: a result or equation reads as "Theorem 2 (in Note)", a heading link as
 * "Note § heading" (or the heading alone in its own note), as before results existed.
 */
export function refLookup(index: ResultIndex): RefLookup {
  const byKey = new Map<string, { text: string; title: string }>();
  for (const [slug, n] of index.notes) {
    for (const r of n.results) byKey.set(`${slug}#${r.label}`, { text: resultName(r.kind, r.number), title: n.title });
    for (const e of n.equations) byKey.set(`${slug}#${e.label}`, { text: `(${e.number})`, title: n.title });
  }
  return (slug, anchor, sameNote) => {
    const hit = byKey.get(`${slug}#${anchor}`);
    const noteTitle = index.notes.get(slug)?.title ?? slug;
    if (!hit) return sameNote ? anchor : `${noteTitle} § ${anchor}`;
    if (sameNote) return hit.text;
    return hit.text.startsWith('(') ? `eq. ${hit.text} in ${noteTitle}` : `${hit.text} in ${noteTitle}`;
  };
}

/** Where a result is used: the referring notes, each with its sentences (HTML, tokens resolved). */
export interface UsedInEntry {
  href: string;
  title: string;
  contexts: string[];
}

/** The "Used in" list of one result: folded, with the citing sentence under each note. */
export function usedInHtml(entries: readonly UsedInEntry[]): string {
  if (entries.length === 0) return '';
  const items = entries
    .map(
      (e) =>
        `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.title)}</a>${e.contexts
          .slice(0, 2)
          .map((c) => `<p class="context">${c}</p>`)
          .join('')}</li>`,
    )
    .join('');
  const count = entries.length === 1 ? '1 note' : `${entries.length} notes`;
  return `<details class="used-in"><summary>Used in ${count}</summary><ul>${items}</ul></details>`;
}

const slotPattern = /<div class="used-in-slot" data-used-in="([^"]*)"><\/div>/g;

/** Replaces each result's "used in" slot with its list (or nothing). */
export function fillUsedIn(html: string, listFor: (label: string) => string): string {
  return html.replace(slotPattern, (_m, label: string) => listFor(label));
}
