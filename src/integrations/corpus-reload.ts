import type { Plugin } from 'vite';
import { onCorpusPublished, publishedCorpus } from '../data/corpus-registry.ts';

/** The event that tells a page which corpus is current (src/scripts/main.ts listens for it). */
const CORPUS_EVENT = 'dlt:corpus';
/** What a page sends when its socket connects, to be told the current corpus. */
const HELLO_EVENT = 'dlt:hello';

/**
 * `npm run dev`: reloads the open pages as soon as the content loader publishes a corpus after an
 * edit (src/data/corpus-registry.ts). Pages read that corpus directly, so nothing else needs to be
 * invalidated. Astro's own reload would wait for its content store's 500 ms save delay, and the
 * store no longer changes when a note's text does (it holds ids only).
 *
 * Astro's route cache is cleared the way its content layer clears it ("astro:content-changed", see
 * astro/dist/content/vite-plugin-content-virtual-mod.js), so a new note or a new heading is seen by
 * every route; then the browser is told to reload.
 *
 * A reload sent while a page is between two documents (reloading after the previous save) reaches
 * no one. So each page rendered by the dev server carries the corpus generation it shows
 * (`data-corpus` on <html>), asks for the current one when its socket connects, and reloads itself
 * if it is behind.
 */
export function corpusReload(): Plugin {
  return {
    name: 'dlt:corpus-reload',
    apply: 'serve',
    configureServer(server) {
      const client = server.environments.client.hot;
      const current = () => ({ generation: String(publishedCorpus().generation) });
      client.on(HELLO_EVENT, (_data, from) => from.send(CORPUS_EVENT, current()));
      const stop = onCorpusPublished(() => {
        for (const name of ['ssr', 'prerender']) server.environments[name]?.hot.send('astro:content-changed', {});
        client.send(CORPUS_EVENT, current());
      });
      server.httpServer?.once('close', stop);
    },
  };
}
