/**
 * Runs a full garbage collection that also gives freed memory back to the system, when the process
 * was started with `--expose-gc` (the build starts its Astro and Pagefind steps so); otherwise does
 * nothing. For a process about to wait beside a step that takes most of the build's memory.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: (options: object) => void }).gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
