/**
 * Display equations and tables that are wider than the text column. On a wide screen an equation
 * first takes the free width beside the column (left margin, and the gap before the contents);
 * whatever still does not fit scrolls inside its box. Only boxes that really scroll become tab
 * stops, named for screen readers ("Equation 3, scrollable"), and show a fade at the edge that
 * hides more; boxes that fit stay out of the tab order.
 */
const BOXES = '.math-display, .table-scroll';
/** Space kept between a widened equation and the window edge or the contents column, in px. */
const MARGIN = 16;

function room(body: Element | null): { left: number; right: number } {
  if (!body || innerWidth < 768) return { left: 0, right: 0 };
  const column = body.getBoundingClientRect();
  const toc = document.querySelector('.toc-aside');
  const tocLeft = toc && toc.getBoundingClientRect().width > 0 ? toc.getBoundingClientRect().left : innerWidth;
  return { left: Math.max(0, column.left - MARGIN), right: Math.max(0, tocLeft - column.right - 2 * MARGIN) };
}

function nameOf(box: HTMLElement): string {
  if (box.classList.contains('table-scroll')) return 'Table, scrollable';
  const number = box.dataset.equationNumber;
  return number ? `Equation ${number}, scrollable` : 'Equation, scrollable';
}

function edges(box: HTMLElement): void {
  box.classList.toggle('fade-left', box.scrollLeft > 1);
  box.classList.toggle('fade-right', box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
}

function layout(): void {
  const boxes = [...document.querySelectorAll<HTMLElement>(BOXES)];
  for (const box of boxes) box.style.margin = '';
  const body = document.querySelector('.note-body');
  const free = room(body);
  // Read every size first, then write, so the page lays out once.
  const over = boxes.map((box) => box.scrollWidth - box.clientWidth);
  boxes.forEach((box, i) => {
    let rest = over[i];
    if (rest > 1 && box.parentElement === body && box.classList.contains('math-display')) {
      const left = Math.min(free.left, rest);
      const right = Math.min(free.right, rest - left);
      box.style.margin = `0 ${-right}px 1.1em ${-left}px`;
      rest -= left + right;
    }
    const scrolls = rest > 1;
    box.classList.toggle('scrolls', scrolls);
    if (scrolls) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', nameOf(box));
      edges(box);
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
      box.classList.remove('fade-left', 'fade-right');
    }
  });
}

export function initScrollBoxes(): void {
  if (!document.querySelector(BOXES)) return;
  let frame = 0;
  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(layout);
  };
  layout();
  // KaTeX's fonts change every formula's width when they arrive; a folded proof has no width until opened.
  void document.fonts?.ready.then(schedule);
  addEventListener('resize', schedule);
  document.addEventListener('toggle', schedule, true);
  document.addEventListener(
    'scroll',
    (e) => {
      const box = e.target instanceof HTMLElement && e.target.classList.contains('scrolls') ? e.target : undefined;
      if (box) edges(box);
    },
    { capture: true, passive: true },
  );
}
