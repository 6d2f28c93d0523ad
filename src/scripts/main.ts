/**
 * The only script every page loads up front. Everything heavier (the search UI, link previews)
 * is imported the first time a reader reaches for it.
 */
import 'katex/contrib/copy-tex';
import { initOffline } from './offline.ts';

const root = document.documentElement;
const base = document.body.dataset.base ?? '/';

// Theme: follow the system unless the reader chose; the choice persists across pages.
document.querySelector('[data-theme-toggle]')?.addEventListener('click', () => {
  const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  const next = dark ? 'light' : 'dark';
  root.dataset.theme = next;
  try {
    localStorage.setItem('theme', next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
});

// Search: `/` or Ctrl/Cmd+K anywhere, or the header button, opens the search dialog.
const openSearch = () => import('./search.ts').then((m) => m.openSearchModal(base));
document.querySelector('[data-search-trigger]')?.addEventListener('click', (event) => {
  event.preventDefault();
  void openSearch();
});
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  const typing = !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  const isSlash = event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
  const isModK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
  if (isSlash || isModK) {
    event.preventDefault();
    void openSearch();
  }
});

// Link previews: loaded on the first hover, focus or tap of a note link or citation. On touch
// screens the first tap shows the preview instead of following the link (a second tap follows).
const previewable = 'a.wikilink, a.citation';
let previews: Promise<typeof import('./previews.ts')> | undefined;
let ready = false;
let lastPointer = '';
const loadPreviews = (event: Event) => {
  const link = (event.target as Element | null)?.closest?.(previewable);
  if (!link || ready) return;
  if (event.type === 'pointerover' && (event as PointerEvent).pointerType === 'touch') return;
  if (event.type === 'click') {
    if (lastPointer !== 'touch') return;
    event.preventDefault();
  }
  previews ??= import('./previews.ts');
  void previews.then((m) => {
    m.initPreviews(event);
    ready = true;
  });
};
if (document.querySelector(previewable)) {
  document.addEventListener('pointerdown', (e) => (lastPointer = e.pointerType), { capture: true, passive: true });
  for (const type of ['pointerover', 'focusin'] as const) document.addEventListener(type, loadPreviews, { capture: true, passive: true });
  document.addEventListener('click', loadPreviews, { capture: true });
}

// Table of contents: mark the section being read.
const tocLinks = [...document.querySelectorAll<HTMLAnchorElement>('.toc-aside a[href^="#"]')];
if (tocLinks.length > 0 && 'IntersectionObserver' in window) {
  const byId = new Map(tocLinks.map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
  const headings = [...byId.keys()].map((id) => document.getElementById(id)).filter((h): h is HTMLElement => h !== null);
  const visible = new Set<Element>();
  const update = () => {
    const current = headings.find((h) => visible.has(h)) ?? [...headings].reverse().find((h) => h.getBoundingClientRect().top < 120);
    for (const a of tocLinks) a.removeAttribute('aria-current');
    if (current) byId.get(current.id)?.setAttribute('aria-current', 'true');
  };
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) (e.isIntersecting ? visible.add(e.target) : visible.delete(e.target));
    update();
  }, { rootMargin: '-64px 0px -55% 0px' });
  for (const h of headings) observer.observe(h);
}

// Copy buttons (BibTeX on paper pages).
document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest?.<HTMLButtonElement>('[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy ?? '');
  if (!source) return;
  void navigator.clipboard.writeText(source.textContent ?? '').then(() => {
    const label = button.textContent;
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = label), 1500);
  });
});

initOffline(base);

// Printing: folded proofs are printed open.
addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details.proof')) d.open = true;
});
