import type { AstroIntegration } from 'astro';
import { settings } from '../settings.ts';
import { COLLECTION_LOADERS, REFRESH_SOURCE } from '../loaders/refresh.ts';

/**
 * `npm run dev`: reloads the notes' collections through Astro's content layer when a file under
 * content/ changes. The loaders could watch the folder themselves, but what they put in the store
 * then reaches the page only after Astro's 500 ms save pause; a sync asked for here is saved as soon
 * as it ends, and the open page reloads about half a second sooner (tests/site/dev-server.test.ts).
 * Each change is one new generation of the corpus, loaded once for the four collections.
 */
export function contentRefresh(): AstroIntegration {
  return {
    name: 'dlt:content-refresh',
    hooks: {
      'astro:server:setup': ({ server, refreshContent, logger }) => {
        if (!refreshContent) return;
        const folder = `${settings().contentRoot}/content`;
        let generation = 0;
        let timer: NodeJS.Timeout | undefined;
        server.watcher.add(folder);
        server.watcher.on('all', (_event, path) => {
          if (!path.startsWith(`${folder}/`)) return;
          clearTimeout(timer);
          // Saving a file can fire several events: one reload for them all.
          timer = setTimeout(() => {
            generation++;
            refreshContent({
              loaders: [...COLLECTION_LOADERS],
              context: { source: REFRESH_SOURCE, generation },
            }).catch((e: Error) => logger.error(e.message));
          }, 50);
        });
      },
    },
  };
}
