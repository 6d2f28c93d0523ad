/**
 * The theme toggle, shared by the site's script and the file:// copy's: follow the system unless
 * the reader chose; the choice persists across pages (where storage is available).
 */
export function initThemeToggle(root: HTMLElement = document.documentElement): void {
  document.querySelector('[data-theme-toggle]')?.addEventListener('click', () => {
    const dark = root.dataset.theme
      ? root.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches;
    const next = dark ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem('theme', next);
    } catch {
      // Private mode or file:// without storage: the choice lasts for this page only.
    }
  });
}

/** Folded proofs (and folds written as HTML) are printed open. */
export function openProofsForPrint(): void {
  addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>('.note-body details')) d.open = true;
  });
}
