/** Table of contents: marks the section being read. */
export function initTocHighlight(): void {
  const tocLinks = [...document.querySelectorAll<HTMLAnchorElement>('.toc-aside a[href^="#"]')];
  if (tocLinks.length > 0 && 'IntersectionObserver' in window) {
    const byId = new Map(tocLinks.map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
    const headings = [...byId.keys()]
      .map((id) => document.getElementById(id))
      .filter((h): h is HTMLElement => h !== null);
    const visible = new Set<Element>();
    const update = () => {
      const current =
        headings.find((h) => visible.has(h)) ??
        [...headings].reverse().find((h) => h.getBoundingClientRect().top < 120);
      for (const a of tocLinks) a.removeAttribute('aria-current');
      if (current) byId.get(current.id)?.setAttribute('aria-current', 'true');
    };
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) e.isIntersecting ? visible.add(e.target) : visible.delete(e.target);
        update();
      },
      { rootMargin: '-64px 0px -55% 0px' },
    );
    for (const h of headings) observer.observe(h);
  }
}
