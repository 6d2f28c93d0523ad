/** Offline files (service worker precache and the downloadable copy). Filled in by the offline work. */
export async function buildOfflineFiles(_dir: string, _root: string): Promise<{ precacheFiles: number; precacheBytes: number }> {
  return { precacheFiles: 0, precacheBytes: 0 };
}
