import type { Plugin } from 'vite';
import { onCorpusPublished } from '../data/corpus-registry.ts';

/**
 * `npm run dev`: reloads the open pages as soon as the content loader publishes a corpus after an
 * edit (src/data/corpus-registry.ts). Pages read that corpus directly, so nothing else needs to be
 * invalidated. Astro's own reload would wait for its content store's 500 ms save delay, and the
 * store no longer changes when a note's text does (it holds ids only).
 *
 * Astro's route cache is cleared the way its content layer clears it ("astro:content-changed", see
 * astro/dist/content/vite-plugin-content-virtual-mod.js), so a renamed heading or a new link target
 * is seen by every route; then the browser is told to reload.
 */
export function corpusReload(): Plugin {
  return {
    name: 'dlt:corpus-reload',
    apply: 'serve',
    configureServer(server) {
      const stop = onCorpusPublished(() => {
        for (const name of ['ssr', 'prerender']) server.environments[name]?.hot.send('astro:content-changed', {});
        server.environments.client.hot.send({ type: 'full-reload', path: '*' });
      });
      server.httpServer?.once('close', stop);
    },
  };
}
