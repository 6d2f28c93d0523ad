import { suggest } from '../problems.ts';
import { inRanges } from '../ranges.ts';
import { literalRanges } from './markdown-tree.ts';
import type { PreparedNote } from './prepare.ts';
import { snippet, type Change, type Finding, type PassResult } from './report.ts';

/**
 * Citation tags of distill and al-folio, `<d-cite key="a,b"></d-cite>`, written as this site's
 * citations `[@a; @b]` when every key is in the bibliography. A tag with an unknown key is kept
 * as written and reported with the nearest key, so no citation is lost or guessed.
 */

const dCite = /<d-cite\b[^>]*?\bkey\s*=\s*(["'])([^"']*)\1[^>]*>\s*<\/d-cite>/gi;

/** `[@a; @b]` from the keys of a tag, or the keys the bibliography does not have. */
export function citationFromKeys(
  keys: readonly string[],
  known: ReadonlySet<string>,
): { cite?: string; missing: string[] } {
  const missing = keys.filter((k) => !known.has(k));
  return missing.length > 0 || keys.length === 0
    ? { missing }
    : { cite: `[${keys.map((k) => `@${k}`).join('; ')}]`, missing };
}

/** `"x" (did you mean "y"?) is not in content/references.bib`, for keys a citation cannot use. */
export function missingKeys(missing: readonly string[], known: ReadonlySet<string>): string {
  if (missing.length === 0) return 'it names no key';
  const named = missing.map((k) => {
    const s = suggest(k, known);
    return `"${k}"${s ? ` (did you mean "${s}"?)` : ''}`;
  });
  return `${named.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in content/references.bib`;
}

/** Every `<d-cite>` of a note outside code and math. */
export function convertCitations(note: PreparedNote, known: ReadonlySet<string>): PassResult {
  const { text } = note;
  if (!/<d-cite\b/i.test(text)) return { changes: [], findings: [] };
  const literal = literalRanges(note.tree);
  const changes: Change[] = [];
  const findings: Finding[] = [];
  for (const m of text.matchAll(dCite)) {
    if (inRanges(literal, m.index)) continue;
    const keys = m[2]
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const written = snippet(m[0], 60);
    const { cite, missing } = citationFromKeys(keys, known);
    if (cite) {
      changes.push({
        start: m.index,
        end: m.index + m[0].length,
        insert: cite,
        message: `${written} written as ${cite}`,
        rule: 'citation',
      });
      continue;
    }
    findings.push({
      at: m.index,
      message: `${written} kept as written: ${missingKeys(missing, known)}; add the paper there and write [@key]`,
      rule: 'citation',
      look: true,
    });
  }
  return { changes, findings };
}
