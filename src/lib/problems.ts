import { closest, distance } from 'fastest-levenshtein';

/** How bad a problem is: errors stop the build, warnings are printed. */
export type Severity = 'error' | 'warning';

/** One thing an author has to fix, located in a source file. */
export interface Problem {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line; 0 when the problem is about the whole file. */
  line: number;
  /** 1-based column; 0 when unknown. */
  column: number;
  message: string;
  /** Stable rule id, e.g. `broken-link`, so tools and tests can match on it. */
  rule: string;
  severity: Severity;
}

/** Builds a problem; `severity` defaults to error. */
export function problem(
  file: string,
  place: { line?: number; column?: number } | undefined,
  message: string,
  rule: string,
  severity: Severity = 'error',
): Problem {
  return { file, line: place?.line ?? 0, column: place?.column ?? 0, message, rule, severity };
}

/** Formats one problem as `path:line:col  message  [rule]` (the format every tool here prints). */
export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${Math.max(p.column, 1)}` : p.file;
  const tag = p.severity === 'warning' ? `warning  ${p.message}` : p.message;
  return `${where}  ${tag}  [${p.rule}]`;
}

/**
 * Keeps the first `perRule` problems of each rule in each file and replaces the rest with one line
 * saying how many more there are: a note that repeats one mistake 30,000 times gets a readable report.
 */
export function capProblems(problems: readonly Problem[], perRule = 20): Problem[] {
  const seen = new Map<string, number>();
  const out: Problem[] = [];
  for (const p of problems) {
    const key = `${p.file}\u0000${p.rule}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= perRule) out.push(p);
  }
  for (const [key, n] of seen) {
    if (n <= perRule) continue;
    const [file, rule] = key.split('\u0000');
    const first = problems.find((p) => p.file === file && p.rule === rule) as Problem;
    out.push({
      ...first,
      line: 0,
      column: 0,
      message: `${n - perRule} more problems like the ones above (${n} in all); fix those first`,
      rule,
    });
  }
  return out;
}

/** Sorts problems by file, then line, then column, so output reads top to bottom. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
}

/** The closing line: how many errors and warnings in how many files. */
export function summarizeProblems(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const files = new Set(problems.map((p) => p.file)).size;
  if (problems.length === 0) return 'No problems found.';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')} and ${plural(warnings, 'warning')} in ${plural(files, 'file')}.`;
}

/**
 * What `npm run check:content` prints: every problem on its own line, then the summary with what was
 * checked and how long it took.
 */
export function checkReport(
  problems: readonly Problem[],
  checked: { notes: number; papers: number; totalMs: number },
): string {
  const lines = problems.map(formatProblem);
  const what =
    `Checked ${checked.notes} notes and ${checked.papers} papers ` + `in ${(checked.totalMs / 1000).toFixed(1)} s.`;
  return `${[...lines, ...(lines.length ? [''] : []), `${summarizeProblems(problems)} ${what}`].join('\n')}\n`;
}

/**
 * What a build prints when the content has problems (errors or warnings): every problem on its own
 * line, then the summary. Undefined when there is none.
 */
export function problemListing(problems: readonly Problem[]): string | undefined {
  if (problems.length === 0) return undefined;
  return `\n${problems.map(formatProblem).join('\n')}\n${summarizeProblems(problems)}\n`;
}

/** The message a build stops with when the content has errors, printed after their listing. */
export function contentErrorMessage(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  return (
    `The content has ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above); ` +
    'nothing was published.\n' +
    `First: ${formatProblem(errors[0])}\n` +
    'Run `npm run check:content` to see them all without building.'
  );
}

/** True when any problem is an error. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/**
 * The nearest valid value to `value` among `candidates`, for "did you mean …" hints.
 * Returns undefined when nothing is close enough to be a plausible typo.
 */
export function suggest(value: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0 || value.length === 0) return undefined;
  const lower = value.toLowerCase();
  const byLower = new Map(list.map((c) => [c.toLowerCase(), c]));
  const best = closest(lower, [...byLower.keys()]);
  const limit = Math.max(2, Math.floor(lower.length / 3));
  return distance(lower, best) <= limit ? byLower.get(best) : undefined;
}

/** " Did you mean `x`?" or "" — appended to messages. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const s = suggest(value, candidates);
  return s === undefined ? '' : ` Did you mean "${s}"?`;
}

/**
 * An error whose message is for the author (content problems, a stopped build): printed as it is,
 * without a stack trace. Recognised by name, here or in any `cause`, because Astro wraps errors
 * thrown by content loaders and a class from Vite's module graph is not the class imported here.
 */
export class ContentError extends Error {
  override name = 'ContentError';
}

/** True when `error`, or an error it wraps, is a ContentError. */
export function isContentError(error: unknown): boolean {
  for (
    let e = error as { name?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (e.name === 'ContentError') return true;
  }
  return false;
}
