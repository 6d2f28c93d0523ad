/**
 * Link previews: loaded on the first hover, focus or tap of a note link or citation. On touch
 * screens the first tap shows the preview instead of following the link (a second tap follows).
 */
export function initPreviewLoader(): void {
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
    for (const type of ['pointerover', 'focusin'] as const)
      document.addEventListener(type, loadPreviews, { capture: true, passive: true });
    document.addEventListener('click', loadPreviews, { capture: true });
  }
}
