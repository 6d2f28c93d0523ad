import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file of a worker module, for `new Worker(...)`: `near` (the module's URL relative to the caller,
 * `new URL('./x-worker.ts', import.meta.url)`) when it exists, else `fromRoot` under the project root.
 * Under Astro a caller may be bundled, and its `import.meta.url` then points into the bundle; the
 * Astro step and the dev server run from the project root.
 */
export function workerFile(near: URL, fromRoot: string): string {
  const here = near.protocol === 'file:' ? fileURLToPath(near) : '';
  return here && existsSync(here) ? here : join(process.cwd(), fromRoot);
}
