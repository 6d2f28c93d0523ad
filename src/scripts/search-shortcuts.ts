/** Search: `/` or Ctrl/Cmd+K anywhere, or the header button, opens the search dialog (loaded on first use). */
export function initSearchShortcuts(base: string): void {
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
}
