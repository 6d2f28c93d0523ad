/**
 * What pages and the service worker (src/sw/service-worker.ts) say to each other about offline
 * reading. Kept tiny: the footer's status code, in every page's script, imports it.
 */
import type { OfflineTotals } from './offline-plan.ts';

/** Requests with this header are the page's own saving: the worker lets them through uncached. */
export const SAVE_HEADER = 'x-dlt-save';

/** Cache key (relative to the base) marking that the reader asked for the whole site. */
export const WHOLE_SITE_KEY = '__offline/whole-site';

/** The worker's answer to `{ type: 'DLT_STATUS' }`. */
export interface OfflineStatus {
  version: string;
  cache: string;
  precacheAll: boolean;
  /** Bytes precached on the first visit (the shell, or the whole site when small). */
  shellBytes: number;
  /** The files saved on demand: all of them, and how many are in this build's cache. */
  total: OfflineTotals;
  saved: { files: number; pages: number };
  /** The reader saved the whole site (under this build or an older one). */
  wholeWanted: boolean;
}

/** Asks a service worker for its offline status; undefined if it does not answer within `ms`. */
export function askStatus(worker: ServiceWorker, ms = 5000): Promise<OfflineStatus | undefined> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), ms);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data as OfflineStatus);
    };
    worker.postMessage({ type: 'DLT_STATUS' }, [channel.port2]);
  });
}

/** True when every file saved on demand is saved (or the whole site was precached). */
export const wholeSiteSaved = (s: OfflineStatus) => s.precacheAll || s.saved.files >= s.total.files;

/** "24.6 MB", "0.4 MB". */
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
