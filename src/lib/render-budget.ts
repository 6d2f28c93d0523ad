/**
 * A time budget per note. Every step of the render is bounded on its own (limits on nesting,
 * formula macros and sizes; linear link and citation passes), and on top of that a note that still
 * takes longer than the budget is stopped and reported with the step it was in, instead of holding
 * the build for minutes. Checked between steps and inside the steps that loop over a note's parts
 * (formulas, links); a worker thread is also stopped from outside if a single step overruns
 * (see src/pipeline/render-pool.ts).
 */

/** Where one note's render is, and until when it may run. */
export interface RenderBudget {
  /** performance.now() value after which the note is stopped. */
  deadline: number;
  budgetMs: number;
  /** The step running now, for the report. */
  step: string;
  /** The source line being worked on, when known. */
  line?: number;
  /** Told of every step change (a worker publishes it, so a render stopped from outside can be named). */
  onProgress?: (step: string, line: number | undefined) => void;
}

/** Thrown when a note's render runs past its budget. */
export class RenderBudgetError extends Error {
  readonly step: string;
  readonly line: number | undefined;
  constructor(budget: RenderBudget) {
    const limit = budget.budgetMs >= 1000 ? `${Math.round(budget.budgetMs / 1000)} s` : `${budget.budgetMs} ms`;
    super(`rendering took longer than ${limit} and was stopped in the ${budget.step} step`);
    this.name = 'RenderBudgetError';
    this.step = budget.step;
    this.line = budget.line;
  }
}

/** Starts a budget of `budgetMs` from now. */
export function startBudget(budgetMs: number, onProgress?: RenderBudget['onProgress']): RenderBudget {
  return { deadline: performance.now() + budgetMs, budgetMs, step: 'Markdown parsing', onProgress };
}

/** Records the step now running. */
export function enterStep(budget: RenderBudget | undefined, step: string): void {
  if (!budget) return;
  checkBudget(budget);
  budget.step = step;
  budget.line = undefined;
  budget.onProgress?.(step, undefined);
}

/** Throws RenderBudgetError when the budget is spent; `line` says where in the note the step is. */
export function checkBudget(budget: RenderBudget | undefined, line?: number): void {
  if (!budget) return;
  if (line !== undefined && line !== budget.line) {
    budget.line = line;
    budget.onProgress?.(budget.step, line);
  }
  if (performance.now() > budget.deadline) throw new RenderBudgetError(budget);
}
