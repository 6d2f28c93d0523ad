/** Registers the service worker (issue: read offline) and shows its state in the footer. */
export function initOffline(base: string): void {
  const status = document.querySelector<HTMLElement>('[data-offline-status]');
  const set = (state: string, text: string) => {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = text;
  };
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') {
    set('none', location.protocol === 'file:' ? 'Offline copy' : 'Online only');
    return;
  }
  const url = `${base}sw.js`;
  navigator.serviceWorker
    .register(url, { scope: base })
    .then(async (registration) => {
      // A new build's worker may already be installing or waiting when this script runs.
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
      set(registration.active ? 'ready' : 'pending', registration.active ? 'Available offline' : 'Saving for offline…');
      await navigator.serviceWorker.ready;
      set('ready', 'Available offline');
      // Ask for a new build on every page load (browsers otherwise check at their own pace).
      if (navigator.onLine) registration.update().catch(() => undefined);
    })
    .catch(() => set('none', 'Online only'));
  // Reload only when the reader asked for the new version (the first install also changes the
  // controller, through clientsClaim, and must not reload the page under the reader).
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (updateRequested) location.reload();
  });
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
