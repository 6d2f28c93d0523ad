/**
 * The one script of the offline copy (opened from file://, where browsers refuse module scripts and
 * Pagefind cannot fetch its index): theme toggle, copying TeX, scrolling equations, the citing sentence
 * a "Cited in" link lands on, and a small search over an index
 * that ships with the copy as a classic script.
 */
import 'katex/contrib/copy-tex';
import { scoreEntry, type OfflineSearchEntry } from '../lib/offline-search.ts';
import { initCitedSentence } from './cited-sentence.ts';
import { initScrollBoxes } from './scroll-boxes.ts';
import { initThemeToggle, openProofsForPrint } from './theme.ts';

const root = document.documentElement;
const here = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
const siteRoot = here.replace(/_offline\/offline\.js.*$/, '');

initThemeToggle(root);
openProofsForPrint();
initScrollBoxes();
initCitedSentence();

const status = document.querySelector<HTMLElement>('[data-offline-status]');
if (status) {
  status.dataset.state = 'ready';
  status.textContent = 'Offline copy';
}

const searchPage = document.querySelector<HTMLElement>('.search-page');
if (searchPage) {
  for (const el of searchPage.querySelectorAll('pagefind-input, pagefind-summary, pagefind-results')) el.remove();
  const label = Object.assign(document.createElement('label'), {
    htmlFor: 'offline-q',
    textContent: 'Search the notes',
    className: 'visually-hidden',
  });
  const input = Object.assign(document.createElement('input'), {
    type: 'search',
    id: 'offline-q',
    placeholder: 'Search the notes',
    autocomplete: 'off',
  });
  input.className = 'offline-search-input';
  const summary = Object.assign(document.createElement('p'), { className: 'count' });
  summary.setAttribute('role', 'status');
  const list = Object.assign(document.createElement('ol'), { className: 'paper-list offline-results' });
  searchPage.append(label, input, summary, list);
  const script = Object.assign(document.createElement('script'), { src: `${siteRoot}_offline/search-index.js` });
  const run = () => {
    const index = (window as unknown as { __DLT_SEARCH__?: OfflineSearchEntry[] }).__DLT_SEARCH__ ?? [];
    const terms = input.value
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w.length > 1);
    list.replaceChildren();
    if (terms.length === 0) {
      summary.textContent = `${index.length} pages searchable in this offline copy.`;
      return;
    }
    const hits = index
      .map((e) => ({ e, score: scoreEntry(e, terms) }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 30);
    summary.textContent =
      `${hits.length === 30 ? '30+' : hits.length} result${hits.length === 1 ? '' : 's'} ` +
      `for “${input.value.trim()}”`;
    for (const { e } of hits) {
      const li = document.createElement('li');
      const a = Object.assign(document.createElement('a'), { href: `${siteRoot}${e.u}`, textContent: e.t });
      const at = e.x.toLowerCase().indexOf(terms[0]);
      const excerpt = at >= 0 ? `…${e.x.slice(Math.max(0, at - 80), at + 120)}…` : e.s;
      li.append(a, Object.assign(document.createElement('div'), { className: 'who', textContent: excerpt }));
      list.append(li);
    }
  };
  script.addEventListener('load', () => {
    const q = new URLSearchParams(location.search).get('q');
    if (q) input.value = q;
    run();
  });
  input.addEventListener('input', run);
  document.head.append(script);
  input.focus();
}
