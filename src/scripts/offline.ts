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
      if (registration.active) set('ready', 'Available offline');
      else set('pending', 'Saving for offline…');
      await navigator.serviceWorker.ready;
      set('ready', 'Available offline');
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing;
        worker?.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdate(worker);
        });
      });
      if (registration.waiting && navigator.serviceWorker.controller) showUpdate(registration.waiting);
    })
    .catch(() => set('none', 'Online only'));
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  });
}

function showUpdate(worker: ServiceWorker): void {
  if (document.querySelector('.update-banner')) return;
  const banner = document.createElement('div');
  banner.className = 'update-banner';
  banner.setAttribute('role', 'status');
  banner.innerHTML = '<span>A newer version of these notes is available.</span>';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload';
  button.addEventListener('click', () => worker.postMessage({ type: 'SKIP_WAITING' }));
  banner.append(button);
  document.body.append(banner);
}
