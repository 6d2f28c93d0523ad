import type { z } from 'zod';
import type { SplitNote } from './frontmatter.ts';
import { didYouMean, problem, type Problem } from './problems.ts';

/**
 * Validates parsed frontmatter against a zod schema and turns every issue into a located
 * Problem, worded for the author. All issues are reported, not only the first.
 */
export function validateFrontmatter<S extends z.ZodType>(
  schema: S,
  split: SplitNote,
  file: string,
  allowedKeys: readonly string[],
): { data?: z.output<S>; problems: Problem[] } {
  if (split.errors.length > 0) {
    return { problems: split.errors.map((e) => problem(file, e.place, e.message, e.rule)) };
  }
  const raw = split.data;
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      problems: [
        problem(
          file,
          { line: 1, column: 1 },
          'the frontmatter must be a set of `key: value` lines (title, summary, section, …)',
          'frontmatter-shape',
        ),
      ],
    };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { data: result.data, problems: [] };
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push(
          problem(
            file,
            split.locate([...issue.path, key], 'key'),
            `unknown frontmatter key "${key}".${didYouMean(key, allowedKeys)} Allowed keys: ${allowedKeys.join(', ')}`,
            'frontmatter-unknown-key',
          ),
        );
      }
      continue;
    }
    const top = issue.path[0];
    if (issue.path.length === 1 && typeof top === 'string' && !(top in (raw as Record<string, unknown>))) {
      problems.push(
        problem(
          file,
          { line: 1, column: 1 },
          `missing required key "${top}": add a line \`${top}: …\` to the frontmatter`,
          'frontmatter-missing-key',
        ),
      );
      continue;
    }
    const label = issue.path.map(String).join('.');
    const message = issue.message.startsWith(String(top)) ? issue.message : `${label}: ${issue.message}`;
    problems.push(problem(file, split.locate(issue.path), message, 'frontmatter-invalid'));
  }
  return { problems };
}
