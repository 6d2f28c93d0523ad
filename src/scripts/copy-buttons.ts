/** Copy buttons (BibTeX on paper pages and in "Cite this note"): copy the text of the element they name. */
export function initCopyButtons(): void {
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
}
