/**
 * Node's module compile cache (V8's compiled code, kept on disk: see the `node:module` docs) for the
 * build and every process it starts, which inherit `NODE_COMPILE_CACHE`. Each step is a fresh Node
 * process that loads its code again: Astro and Vite, the render step and its threads, the search
 * feeder, the file:// copy. With the cache, warm builds of this site took 7.0-8.4 s instead of
 * 7.7-9.2 s (0.8-1.8 s less CPU), six pairs of builds taken in turn. It lives beside the other
 * caches; Node keys each entry by the file's content and its own version, and `NODE_COMPILE_CACHE` or
 * `NODE_DISABLE_COMPILE_CACHE=1` set by the caller take precedence.
 */
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

/**
 * Enables the cache in `cacheParent/node-compile-cache` (unless the caller chose another folder) for this
 * process and the ones it starts.
 */
export function shareCompileCache(cacheParent: string): void {
  const folder = process.env.NODE_COMPILE_CACHE ?? join(cacheParent, 'node-compile-cache');
  // Node keeps its entries in a subfolder per Node version (the `directory` it returns): the children
  // are given the folder itself, as this process was.
  if (enableCompileCache(folder).directory) process.env.NODE_COMPILE_CACHE = folder;
}
