/**
 * Previews of note links and citations. Hover or keyboard focus shows a card after a short delay;
 * on touch, the first tap shows the card and a second tap follows the link. Escape closes it.
 * The card is positioned beside the link (never over it) and out of the page flow, so nothing shifts.
 * Note cards read the target page's title and summary (cached by the service worker offline);
 * citation cards copy the formatted reference from this page's reference list.
 */
const SELECTOR = 'a.wikilink, a.citation';
const cache = new Map<string, Promise<{ kind: string; title: string; text: string } | undefined>>();
let card: HTMLElement | undefined;
let current: HTMLAnchorElement | undefined;
let timer: number | undefined;
let touchArmed: HTMLAnchorElement | undefined;

function contentFor(link: HTMLAnchorElement) {
  const key = link.classList.contains('citation') ? `cite:${link.dataset.cite}` : link.pathname;
  let hit = cache.get(key);
  if (!hit) {
    hit = link.classList.contains('citation') ? citation(link) : note(link);
    cache.set(key, hit);
  }
  return hit;
}

async function citation(link: HTMLAnchorElement) {
  const ref = document.getElementById(`ref-${link.dataset.cite}`);
  if (!ref) return undefined;
  return { kind: 'Paper', title: ref.querySelector('.ref-title')?.textContent ?? '', text: ref.querySelector('.ref-who')?.textContent ?? '' };
}

async function note(link: HTMLAnchorElement) {
  try {
    const response = await fetch(link.pathname, { credentials: 'same-origin' });
    if (!response.ok) return undefined;
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const title = doc.querySelector('h1')?.textContent?.trim() ?? '';
    const text = doc.querySelector('meta[name="description"]')?.getAttribute('content') ?? '';
    return { kind: 'Note', title, text };
  } catch {
    return undefined;
  }
}

function place(link: HTMLAnchorElement, el: HTMLElement) {
  const r = link.getBoundingClientRect();
  const gap = 8;
  const width = el.offsetWidth;
  const height = el.offsetHeight;
  let left = Math.min(Math.max(8, r.left), window.innerWidth - width - 8);
  const below = r.bottom + gap + height <= window.innerHeight || r.top - gap - height < 0;
  const top = below ? r.bottom + gap : r.top - gap - height;
  if (left < 8) left = 8;
  el.style.left = `${left + window.scrollX}px`;
  el.style.top = `${top + window.scrollY}px`;
}

async function show(link: HTMLAnchorElement) {
  current = link;
  const data = await contentFor(link);
  if (current !== link || !data) return;
  card ??= Object.assign(document.createElement('div'), { className: 'preview-card', id: 'link-preview' });
  card.setAttribute('role', 'tooltip');
  card.replaceChildren();
  const kind = Object.assign(document.createElement('div'), { className: 'kind', textContent: data.kind });
  const title = Object.assign(document.createElement('strong'), { textContent: data.title });
  const text = Object.assign(document.createElement('p'), { textContent: data.text });
  card.append(kind, title, text);
  if (touchArmed === link) card.append(Object.assign(document.createElement('div'), { className: 'hint', textContent: 'Tap the link again to open it.' }));
  document.body.append(card);
  place(link, card);
  link.setAttribute('aria-describedby', 'link-preview');
}

function hide() {
  window.clearTimeout(timer);
  current?.removeAttribute('aria-describedby');
  current = undefined;
  touchArmed = undefined;
  card?.remove();
}

function schedule(link: HTMLAnchorElement, delay: number) {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void show(link), delay);
}

let started = false;
let lastPointer = '';

/** Starts previews (once); `first` is an event that arrived while this module loaded, so it is not lost. */
export function initPreviews(first: Event) {
  if (!started) listen();
  started = true;
  const link = (first.target as Element | null)?.closest?.<HTMLAnchorElement>(SELECTOR);
  if (!link) return;
  if (first.type === 'click') {
    // The tap that loaded this module: show the preview; the next tap on the link follows it.
    lastPointer = 'touch';
    touchArmed = link;
    void show(link);
  } else {
    schedule(link, first.type === 'focusin' ? 150 : 300);
  }
}

function listen() {
  document.addEventListener('pointerdown', (e) => {
    lastPointer = e.pointerType;
    if (card && !card.contains(e.target as Node) && !(e.target as Element).closest?.(SELECTOR)) hide();
  });
  document.addEventListener('pointerover', (e) => {
    if (e.pointerType === 'touch') return;
    const link = (e.target as Element).closest?.<HTMLAnchorElement>(SELECTOR);
    if (link) schedule(link, 300);
  });
  document.addEventListener('pointerout', (e) => {
    if (e.pointerType === 'touch') return;
    const link = (e.target as Element).closest?.(SELECTOR);
    const to = e.relatedTarget as Node | null;
    if (link && !(to && (link.contains(to) || card?.contains(to)))) hide();
  });
  document.addEventListener('focusin', (e) => {
    const link = (e.target as Element).closest?.<HTMLAnchorElement>(SELECTOR);
    if (link) schedule(link, 150);
    else if (!card?.contains(e.target as Node)) hide();
  });
  document.addEventListener('click', (e) => {
    const link = (e.target as Element).closest?.<HTMLAnchorElement>(SELECTOR);
    if (!link || lastPointer !== 'touch') return;
    if (touchArmed === link) return; // second tap: follow the link
    e.preventDefault();
    touchArmed = link;
    void show(link);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && card?.isConnected) {
      const link = current;
      hide();
      link?.focus();
    }
  });
  window.addEventListener('scroll', () => current && card?.isConnected && place(current, card), { passive: true });
}
