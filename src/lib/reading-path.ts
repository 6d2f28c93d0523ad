import { resolveTarget, type LinkIndex } from './link-resolver.ts';
import { problem, type Problem } from './problems.ts';

/** The reading path's steps, resolved to notes: a step naming no note, or a note twice, is reported at its line. */
export function resolveReadingPath(
  index: LinkIndex,
  file: string,
  steps: readonly { note: string; why: string; line: number }[],
): { steps: { slug: string; why: string }[]; problems: Problem[] } {
  const out: { slug: string; why: string }[] = [];
  const problems: Problem[] = [];
  steps.forEach((step, i) => {
    const r = resolveTarget(index, step.note);
    const place = { line: step.line, column: 1 };
    if (!r.ok) {
      const hint = r.reason === 'not-found' && r.suggestion ? ` Did you mean "${r.suggestion}"?` : '';
      problems.push(problem(file, place, `step ${i + 1} names no note: "${step.note}".${hint}`, 'broken-reading-path'));
    } else if (out.some((s) => s.slug === r.slug)) {
      problems.push(
        problem(file, place, `"${r.slug}" is on the reading path twice; keep one step`, 'broken-reading-path'),
      );
    } else out.push({ slug: r.slug, why: step.why });
  });
  return { steps: out, problems };
}
