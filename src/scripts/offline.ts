/**
 * Offline reading in every page: registers the service worker (src/sw/service-worker.ts), says in
 * the footer what is saved, and offers a newer build when one is waiting.
 */
import { askStatus, megabytes, wholeSiteSaved, type OfflineStatus } from '../lib/offline-protocol.ts';

/** Fired on the document when saved files change (src/scripts/offline-save.ts), so the footer updates. */
export const OFFLINE_CHANGED = 'dlt:offline-changed';

type FooterState = 'none' | 'pending' | 'pages' | 'ready' | 'updating';

function setStatus(state: FooterState, text: string): void {
  const status = document.querySelector<HTMLElement>('[data-offline-status]');
  if (!status) return;
  status.dataset.state = state;
  status.textContent = text;
}

/** The footer after the worker answered: what is saved, and the link to save the rest. */
function showSaved(s: OfflineStatus, base: string): void {
  const link = document.querySelector<HTMLAnchorElement>('[data-offline-link]');
  const whole = wholeSiteSaved(s);
  if (whole) setStatus('ready', 'Whole site saved offline');
  else if (s.wholeWanted) {
    // Saved whole under an older build: the files this build changed were dropped at the update (nothing
    // stale is served); they are fetched below, or by a page opened online.
    setStatus('updating', navigator.onLine ? 'Updating the saved site…' : 'Saved site incomplete until online');
  } else setStatus('pages', 'Pages you open are kept offline');
  const save = `Save the whole site for offline (${megabytes(s.total.bytes)})`;
  if (link) link.textContent = whole ? 'Reading offline' : save;
  // The reader saved the whole site under an older build: fetch what this one changed (usually little).
  if (!whole && s.wholeWanted && navigator.onLine) {
    void import('./offline-save.ts').then((m) => m.resumeWholeSite(base, s));
  }
}

async function refreshStatus(registration: ServiceWorkerRegistration, base: string): Promise<void> {
  const active = registration.active;
  const s = active ? await askStatus(active) : undefined;
  if (s) showSaved(s, base);
  else setStatus('pages', 'Pages you open are kept offline');
}

/** Registers the service worker (issue: read offline) and shows its state in the footer. */
export function initOffline(base: string): void {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') {
    setStatus('none', location.protocol === 'file:' ? 'Offline copy' : 'Online only');
    return;
  }
  if (!navigator.serviceWorker.controller) setStatus('pending', 'Preparing offline reading…');
  // The status follows `ready`, not register(): offline, Chromium's register() first tries to fetch
  // sw.js and resolved only after 3.6 s, while `ready` resolves at once when a worker is active.
  void navigator.serviceWorker.ready.then(async (registration) => {
    await refreshStatus(registration, base);
    document.addEventListener(OFFLINE_CHANGED, () => void refreshStatus(registration, base));
  });
  navigator.serviceWorker
    .register(`${base}sw.js`, { scope: base })
    .then((registration) => {
      watchForUpdates(registration);
      // Ask for a new build on every page load (browsers otherwise check at their own pace).
      if (navigator.onLine) registration.update().catch(() => undefined);
    })
    .catch(() => setStatus('none', 'Online only'));
  // Reload only when the reader asked for the new version (the first install also changes the
  // controller, when the worker claims the page, and must not reload the page under the reader).
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (updateRequested) location.reload();
  });
}

/** Shows the update banner when a new build's worker is installed and waiting (it may already be). */
function watchForUpdates(registration: ServiceWorkerRegistration): void {
  const watch = (worker: ServiceWorker | null) => {
    if (!worker) return;
    const check = () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdate(worker);
    };
    worker.addEventListener('statechange', check);
    check();
  };
  watch(registration.waiting);
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
}

let updateRequested = false;

function showUpdate(worker: ServiceWorker): void {
  if (document.querySelector('.update-banner')) return;
  const banner = document.createElement('div');
  banner.className = 'update-banner';
  banner.setAttribute('role', 'status');
  banner.innerHTML = '<span>A newer version of these notes is available.</span>';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload';
  button.addEventListener('click', () => {
    updateRequested = true;
    worker.postMessage({ type: 'SKIP_WAITING' });
  });
  banner.append(button);
  document.body.append(banner);
}
