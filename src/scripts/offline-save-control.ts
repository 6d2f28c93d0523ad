/**
 * The "Save the whole site for offline" control of the Reading offline page
 * (src/pages/reading-offline.astro): what is saved, a button, a progress bar and Cancel.
 */
import { askStatus, megabytes, wholeSiteSaved, type OfflineStatus } from '../lib/offline-protocol.ts';
import {
  count,
  forgetWholeSite,
  oneSaveAtATime,
  savedProgress,
  saveWholeSite,
  SaveError,
  stopMessage,
  type SaveProgress,
} from './offline-save.ts';
import { OFFLINE_CHANGED } from './offline.ts';

interface Parts {
  summary: HTMLElement;
  controls: HTMLElement;
  start: HTMLButtonElement;
  cancel: HTMLButtonElement;
  progress: HTMLElement;
  bar: HTMLProgressElement;
  counts: HTMLElement;
  storage: HTMLElement;
}

function parts(root: HTMLElement): Parts {
  const get = <T extends HTMLElement>(name: string) => {
    const el = root.querySelector<T>(`[data-save-${name}]`);
    if (!el) throw new Error(`The save control lacks [data-save-${name}]`);
    return el;
  };
  return {
    summary: get('summary'),
    controls: get('controls'),
    start: get<HTMLButtonElement>('start'),
    cancel: get<HTMLButtonElement>('cancel'),
    progress: get('progress'),
    bar: get<HTMLProgressElement>('bar'),
    counts: get('counts'),
    storage: get('storage'),
  };
}

const progressText = (p: SaveProgress) =>
  `${count(p.files)} of ${count(p.totalFiles)} files, ${(p.bytes / 1048576).toFixed(1)} of ${megabytes(p.totalBytes)}`;

/** Sets up the control in `root`; resolves once it shows what is saved. */
export async function initSaveControl(root: HTMLElement, base: string): Promise<void> {
  const ui = parts(root);
  if (!('serviceWorker' in navigator) || !('caches' in window) || location.protocol === 'file:') {
    ui.summary.textContent = 'This browser cannot save the site here: download the copy below instead.';
    return;
  }
  ui.summary.textContent = 'Preparing offline reading…';
  const registration = await navigator.serviceWorker.ready;
  const status = registration.active ? await askStatus(registration.active) : undefined;
  if (!status) {
    ui.summary.textContent = 'The offline worker did not answer: reload the page to try again.';
    return;
  }
  if (status.precacheAll) {
    const size = megabytes(status.shellBytes);
    ui.summary.textContent = `Whole site saved — ${size}. It is small enough to be saved whole on the first visit.`;
    await showStorage(ui);
    return;
  }
  ui.start.textContent = `Save the whole site for offline (${megabytes(status.total.bytes)})`;
  ui.controls.hidden = false;
  const control = new SaveControl(ui, base, status);
  ui.start.addEventListener('click', () => void control.save());
  ui.cancel.addEventListener('click', () => control.cancel());
  await control.showSaved();
  // Saved whole under an older build: fetch what this one changed without asking again.
  if (status.wholeWanted && !wholeSiteSaved(status) && navigator.onLine) void control.save();
}

class SaveControl {
  #abort: AbortController | undefined;
  #last: SaveProgress | undefined;
  #frame = 0;

  readonly ui: Parts;
  readonly base: string;
  readonly status: OfflineStatus;

  constructor(ui: Parts, base: string, status: OfflineStatus) {
    this.ui = ui;
    this.base = base;
    this.status = status;
  }

  /** The summary line: whole site, some pages, or nothing yet. */
  async showSaved(): Promise<void> {
    const { ui } = this;
    try {
      const p = await savedProgress(this.base, this.status);
      const whole = p.files >= p.totalFiles;
      ui.summary.textContent = whole
        ? `Whole site saved — ${megabytes(p.totalBytes)}`
        : p.files === 0
          ? 'No pages saved yet besides the home and search pages: pages are kept as you open them.'
          : `${count(p.pages)} ${p.pages === 1 ? 'page' : 'pages'} saved for offline ` +
            `(${megabytes(p.bytes)} of ${megabytes(p.totalBytes)})`;
      ui.controls.hidden = whole;
    } catch {
      // Offline, never saved: the worker's count is all there is.
      ui.summary.textContent = `${count(this.status.saved.pages)} pages saved for offline.`;
    }
    await showStorage(ui);
  }

  async save(): Promise<void> {
    if (this.#abort) return;
    const { ui } = this;
    this.#abort = new AbortController();
    ui.start.hidden = true;
    ui.cancel.hidden = false;
    ui.progress.hidden = false;
    const saving = () => {
      ui.summary.textContent =
        'Saving the whole site. Keep this page open until it is done; if you leave, what is saved stays saved.';
    };
    saving();
    // Asked when the reader saves everything: persistent storage is not evicted when space runs short.
    await navigator.storage?.persist?.().catch(() => false);
    try {
      const signal = this.#abort.signal;
      const waiting = () =>
        (ui.summary.textContent = 'Another tab is saving the site; this one continues when it is done.');
      const work = () => (saving(), saveWholeSite(this.base, this.status, (p) => this.#show(p), signal));
      await oneSaveAtATime(work, waiting, signal);
      await this.showSaved();
    } catch (error) {
      if (error instanceof SaveError && error.reason === 'cancelled') await forgetWholeSite(this.base, this.status);
      ui.summary.textContent = stopMessage(error, this.#last);
      await showStorage(ui);
    } finally {
      this.#abort = undefined;
      ui.start.hidden = false;
      ui.cancel.hidden = true;
      ui.progress.hidden = true;
      document.dispatchEvent(new Event(OFFLINE_CHANGED));
    }
  }

  cancel(): void {
    this.#abort?.abort();
  }

  /** Progress, drawn at most once a frame (five files can finish within one). */
  #show(p: SaveProgress): void {
    this.#last = p;
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      const last = this.#last ?? p;
      this.ui.bar.max = last.totalBytes || 1;
      this.ui.bar.value = last.bytes;
      this.ui.counts.textContent = progressText(last);
    });
  }
}

/** How much this browser stores for the site, and whether it may evict it. */
async function showStorage(ui: Parts): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (!estimate?.usage) return;
  const persisted = await navigator.storage.persisted?.().catch(() => false);
  ui.storage.textContent =
    `This site uses ${megabytes(estimate.usage)} of this browser's storage` +
    (persisted
      ? '; the browser keeps it until you clear it.'
      : '; the browser may clear it if it runs short of space.');
  ui.storage.hidden = false;
}
