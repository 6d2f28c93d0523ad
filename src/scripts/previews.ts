/**
 * Previews of note links and citations. Hover or keyboard focus shows a card after a short delay;
 * on touch, the first tap shows the card and a second tap follows the link. Escape closes it.
 * The card is positioned beside the link (never over it) and out of the page flow, so nothing shifts.
 * Note cards read the target page's title and summary (cached by the service worker offline);
 * citation cards show the reference from this page's reference list (authors, venue, year, arXiv
 * and DOI links) and the paper page's "In brief" line when that page can be fetched.
 */
const SELECTOR = 'a.wikilink, a.citation';
/** What a card shows: a kind line, a title, and either plain text or a statement (with its math). */
interface CardContent {
  kind: string;
  title: string;
  text: string;
  statement?: Node;
  /** A second line under the title (a paper's authors). */
  byline?: string;
  links?: { href: string; label: string }[];
}
const cache = new Map<string, Promise<CardContent | undefined>>();
let card: HTMLElement | undefined;
let current: HTMLAnchorElement | undefined;
let timer: number | undefined;
let touchArmed: HTMLAnchorElement | undefined;
let hideTimer: number | undefined;

function contentFor(link: HTMLAnchorElement) {
  const key = link.classList.contains('citation') ? `cite:${link.dataset.cite}` : `${link.pathname}${link.hash}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = link.classList.contains('citation') ? citation(link) : note(link);
    cache.set(key, hit);
  }
  return hit;
}

async function citation(link: HTMLAnchorElement): Promise<CardContent | undefined> {
  const local = document.getElementById(`ref-${link.dataset.cite}`);
  // The paper page adds the "In brief" line; offline and unsaved, the reference alone still shows.
  const page = await pageOf(link);
  const ref = local ?? page?.querySelector('.paper-ref');
  if (!ref) return undefined;
  const text = (selector: string) => ref.querySelector(selector)?.textContent?.trim().replace(/\.$/, '') ?? '';
  const who = text('.ref-who');
  const year = /\((\d{4}[a-z]?)\)$/.exec(who)?.[1] ?? '';
  const brief = page?.querySelector('[aria-labelledby="in-brief"] p')?.textContent?.trim() ?? '';
  return {
    kind: ['Paper', text('.ref-venue'), year].filter(Boolean).join(' · '),
    title: text('.ref-title'),
    byline: who.replace(/\s*\(\d{4}[a-z]?\)$/, ''),
    text: brief,
    links: [...ref.querySelectorAll<HTMLAnchorElement>('.ref-links a')].map((a) => ({
      href: a.href,
      label: a.textContent ?? '',
    })),
  };
}

/** The page a note link points to: this one, or the target fetched (the service worker serves it offline). */
async function pageOf(link: HTMLAnchorElement): Promise<Document | undefined> {
  if (link.pathname === location.pathname) return document;
  try {
    const response = await fetch(link.pathname, { credentials: 'same-origin' });
    if (!response.ok) return undefined;
    return new DOMParser().parseFromString(await response.text(), 'text/html');
  } catch {
    return undefined;
  }
}

/** A copy of part of a page for the card, without ids (they would clash with this page's). */
function detached(node: Element): Node {
  const copy = document.importNode(node, true);
  for (const el of [copy as Element, ...(copy as Element).querySelectorAll('[id]')]) el.removeAttribute?.('id');
  return copy;
}

async function note(link: HTMLAnchorElement): Promise<CardContent | undefined> {
  const doc = await pageOf(link);
  if (!doc) return undefined;
  const noteTitle = doc.querySelector('h1')?.textContent?.trim() ?? '';
  const target = link.hash ? doc.getElementById(decodeURIComponent(link.hash.slice(1))) : null;
  // A result: its number, title and statement. An equation: the formula itself.
  if (target?.matches('[data-result-kind]')) {
    const heading = target.querySelector('.result-heading');
    const body = target.querySelector('.result-body');
    return {
      kind: `${heading?.querySelector('.result-name')?.textContent ?? 'Result'} · ${noteTitle}`,
      title: heading?.querySelector('.result-title')?.textContent ?? '',
      text: '',
      statement: body ? detached(body) : undefined,
    };
  }
  if (target?.matches('.math-display')) {
    return {
      kind: `Equation (${target.getAttribute('data-equation-number') ?? ''}) · ${noteTitle}`,
      title: '',
      text: '',
      statement: detached(target),
    };
  }
  const text = doc.querySelector('meta[name="description"]')?.getAttribute('content') ?? '';
  return { kind: 'Note', title: noteTitle, text };
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
  card.append(kind);
  if (data.title) card.append(Object.assign(document.createElement('strong'), { textContent: data.title }));
  if (data.byline)
    card.append(Object.assign(document.createElement('div'), { className: 'byline', textContent: data.byline }));
  if (data.statement) {
    const statement = Object.assign(document.createElement('div'), { className: 'statement' });
    statement.append(data.statement.cloneNode(true));
    card.append(statement);
  } else if (data.text) card.append(Object.assign(document.createElement('p'), { textContent: data.text }));
  if (data.links?.length) {
    const links = Object.assign(document.createElement('div'), { className: 'links' });
    for (const l of data.links)
      links.append(Object.assign(document.createElement('a'), { href: l.href, textContent: l.label, rel: 'noopener' }));
    card.append(links);
  }
  if (touchArmed === link)
    card.append(
      Object.assign(document.createElement('div'), {
        className: 'hint',
        textContent: 'Tap the link again to open it.',
      }),
    );
  document.body.append(card);
  place(link, card);
  link.setAttribute('aria-describedby', 'link-preview');
}

function hide() {
  window.clearTimeout(timer);
  window.clearTimeout(hideTimer);
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
    if (link && link === current) window.clearTimeout(hideTimer);
    else if (link && !card?.contains(link)) schedule(link, 300);
  });
  // Leaving the link or the card hides the card after a moment, so the pointer can cross the gap
  // from the link onto the card (to read it, or click a link in it); arriving on either keeps it.
  document.addEventListener('pointerout', (e) => {
    if (e.pointerType === 'touch') return;
    const leftLink = (e.target as Element).closest?.(SELECTOR);
    // Left before the card appeared: it never does.
    if (!current && leftLink && !leftLink.contains(e.relatedTarget as Node | null)) window.clearTimeout(timer);
    if (!current) return;
    const from = e.target as Node;
    const to = e.relatedTarget as Node | null;
    const inside = (n: Node | null) => !!n && (current?.contains(n) || card?.contains(n));
    if (inside(from) && !inside(to)) {
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(hide, 350);
    }
  });
  document.addEventListener('pointerover', (e) => {
    if (e.pointerType !== 'touch' && card?.contains(e.target as Node)) window.clearTimeout(hideTimer);
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
