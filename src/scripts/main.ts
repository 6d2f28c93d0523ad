/**
 * The only script every page loads up front, one feature per module. Everything heavier (the
 * search UI, link previews) is imported the first time a reader reaches for it.
 */
import 'katex/contrib/copy-tex';
import { initCopyButtons } from './copy-buttons.ts';
import { initOffline } from './offline.ts';
import { initPreviewLoader } from './preview-loader.ts';
import { initScrollBoxes } from './scroll-boxes.ts';
import { initSearchShortcuts } from './search-shortcuts.ts';
import { initThemeToggle, openProofsForPrint } from './theme.ts';
import { initTocHighlight } from './toc-highlight.ts';

const base = document.body.dataset.base ?? '/';

initThemeToggle();
openProofsForPrint();
initSearchShortcuts(base);
initPreviewLoader();
initTocHighlight();
initCopyButtons();
initScrollBoxes();
initOffline(base);
// Arriving from a paper's "Cited in" list (or following one later): highlight the citing sentence.
let cited: Promise<void> | undefined;
const citedSentence = () => {
  if (location.hash.startsWith('#cite-')) cited ??= import('./cited-sentence.ts').then((m) => m.initCitedSentence());
};
citedSentence();
addEventListener('hashchange', citedSentence);

// `npm run dev` only (removed from the built site): reload when the notes changed since this page
// was rendered, also if the change was announced while this page was still loading
// (src/integrations/corpus-reload.ts).
if (import.meta.hot) {
  const shown = document.documentElement.dataset.corpus;
  import.meta.hot.on('dlt:corpus', ({ generation }: { generation: string }) => {
    if (generation !== shown) location.reload();
  });
  import.meta.hot.send('dlt:hello');
}
