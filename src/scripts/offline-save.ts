/**
 * "Save the whole site for offline": fetches every file of `offline-manifest.json` this build's
 * cache lacks, a few at a time, checks each against its hash, and stores it where the service
 * worker (src/sw/service-worker.ts) serves it from. Runs in the page, not the worker: a worker may
 * be stopped by the browser after a few minutes of work, a page runs as long as it is open, and
 * cancelling is then just an AbortController. Loaded only by the "Reading offline" page and when
 * an update must re-save changed files, never by a note page up front.
 */
import { MANIFEST_FILE, type OfflineManifest } from '../lib/offline-plan.ts';
import { megabytes, SAVE_HEADER, WHOLE_SITE_KEY, type OfflineStatus } from '../lib/offline-protocol.ts';
import { OFFLINE_CHANGED } from './offline.ts';

/**
 * Files in flight at once. Most of a file's time is spent in the browser (hashing it, storing it),
 * not on the wire, so more files in flight than connections overlap that work with the transfer:
 * saving this site's 3,326 files (34 MB) from a local server in Chromium took 31–33 s with 5 in
 * flight, 25–26 s with 16. Over HTTP/1.1 (six connections per host) the rest wait in the browser.
 */
const CONCURRENCY = 16;

export interface SaveProgress {
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
}

/** Why saving stopped before the end. */
export type SaveStop = 'cancelled' | 'network' | 'changed' | 'quota';

export class SaveError extends Error {
  readonly reason: SaveStop;
  constructor(reason: SaveStop, message: string) {
    super(message);
    this.reason = reason;
  }
}

interface Entry {
  url: string;
  size: number;
  hash: string;
}

const siteUrl = (base: string, path: string) => new URL(base + path, location.origin).href;

/**
 * This build's manifest: from its cache (offline, or saved before), else from the server. A
 * manifest of another build (a deploy the worker has not taken over yet) is refused.
 */
export async function loadManifest(base: string, status: OfflineStatus): Promise<OfflineManifest> {
  const url = siteUrl(base, MANIFEST_FILE);
  const cache = await caches.open(status.cache);
  const cached = await cache.match(url);
  if (cached) return (await cached.json()) as OfflineManifest;
  const response = await fetch(url, { headers: { [SAVE_HEADER]: '1' }, cache: 'no-cache' }).catch(() => undefined);
  if (!response?.ok) {
    const why = response ? `the server answered ${response.status}` : 'the network failed';
    throw new SaveError('network', `The list of files to save could not be loaded: ${why}.`);
  }
  const manifest = (await response.clone().json()) as OfflineManifest;
  if (manifest.version !== status.version) throw changed();
  await cache.put(url, response);
  return manifest;
}

const changed = () =>
  new SaveError(
    'changed',
    'A new version of the notes was published while saving. Reload the page to get it, then save again.',
  );

/** The manifest's files, split into saved and missing, with the progress that makes. */
async function survey(base: string, manifest: OfflineManifest): Promise<{ missing: Entry[]; progress: SaveProgress }> {
  const cache = await caches.open(manifest.cache);
  const saved = new Set((await cache.keys()).map((r) => r.url));
  const progress: SaveProgress = {
    files: 0,
    bytes: 0,
    totalFiles: manifest.files.length,
    totalBytes: manifest.total.bytes,
  };
  const missing: Entry[] = [];
  for (const [path, size, hash] of manifest.files) {
    const url = siteUrl(base, path);
    if (saved.has(url)) {
      progress.files++;
      progress.bytes += size;
    } else missing.push({ url, size, hash });
  }
  return { missing, progress };
}

/** What is saved now, without fetching anything but the manifest. */
export async function savedProgress(base: string, status: OfflineStatus): Promise<SaveProgress & { pages: number }> {
  const manifest = await loadManifest(base, status);
  return { ...(await survey(base, manifest)).progress, pages: status.saved.pages };
}

async function sha256(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches one file, checks it is this build's, and stores it. */
async function saveOne(entry: Entry, cache: Cache, signal: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(entry.url, { headers: { [SAVE_HEADER]: '1' }, cache: 'no-cache', signal });
  } catch (error) {
    if (signal.aborted) throw new SaveError('cancelled', 'Saving was cancelled.');
    throw new SaveError('network', `The network failed (${(error as Error).message}).`);
  }
  if (response.status === 404) throw changed();
  if (!response.ok) throw new SaveError('network', `The server answered ${response.status} for ${entry.url}.`);
  const body = await response.arrayBuffer();
  if (!(await sha256(body)).startsWith(entry.hash)) throw changed();
  const headers = { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream' };
  try {
    await cache.put(entry.url, new Response(body, { headers }));
  } catch (error) {
    if ((error as DOMException).name === 'QuotaExceededError') {
      throw new SaveError('quota', 'This browser has no more room for the site (its storage quota is used up).');
    }
    throw error;
  }
}

/**
 * Saves every missing file, `CONCURRENCY` at a time, reporting progress after each. Rejects with a
 * SaveError when cancelled or when a file cannot be saved; what was saved stays saved.
 */
export async function saveWholeSite(
  base: string,
  status: OfflineStatus,
  onProgress: (p: SaveProgress) => void,
  signal: AbortSignal,
): Promise<SaveProgress> {
  const manifest = await loadManifest(base, status);
  const cache = await caches.open(manifest.cache);
  const { missing, progress } = await survey(base, manifest);
  onProgress({ ...progress });
  const queue = missing.values();
  // The first failure stops the other runs (their own errors, "cancelled", are not the news).
  const stop = new AbortController();
  const both = AbortSignal.any([signal, stop.signal]);
  let firstError: unknown;
  const run = async () => {
    try {
      for (let next = queue.next(); !next.done && !both.aborted; next = queue.next()) {
        await saveOne(next.value, cache, both);
        progress.files++;
        progress.bytes += next.value.size;
        onProgress({ ...progress });
      }
    } catch (error) {
      firstError ??= error;
      stop.abort();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, run));
  if (signal.aborted) throw new SaveError('cancelled', 'Saving was cancelled.');
  if (firstError) throw firstError instanceof SaveError ? firstError : new SaveError('network', String(firstError));
  // Remembered across builds once complete: after an update, what the new build changed is saved again.
  await cache.put(siteUrl(base, WHOLE_SITE_KEY), new Response(''));
  return progress;
}

const SAVE_LOCK = 'dlt-offline-save';

/**
 * Runs `work` holding the save lock (Web Locks), unless another tab of the site holds it: then
 * resolves undefined at once without running it. Browsers without Web Locks just run it.
 */
export async function unlessSavingElsewhere<T>(work: () => Promise<T>): Promise<{ done: T } | undefined> {
  const locks = navigator.locks;
  if (!locks) return { done: await work() };
  // request() resolves with what its callback returned; the callback gets null when the lock is taken.
  return locks.request(SAVE_LOCK, { ifAvailable: true }, async (lock) => (lock ? { done: await work() } : undefined));
}

/**
 * One save at a time per site, across tabs: two tabs saving would fetch every file twice.
 * `whenBusy` is told when another tab holds the lock; this one then waits for it (Cancel, `signal`,
 * stops the wait too).
 */
export async function oneSaveAtATime<T>(work: () => Promise<T>, whenBusy: () => void, signal: AbortSignal): Promise<T> {
  const now = await unlessSavingElsewhere(work);
  if (now) return now.done;
  whenBusy();
  try {
    return await navigator.locks.request(SAVE_LOCK, { signal }, work);
  } catch (error) {
    if (signal.aborted) throw new SaveError('cancelled', 'Saving was cancelled.');
    throw error;
  }
}

/** What to tell the reader when saving stopped early. */
export function stopMessage(error: unknown, p: SaveProgress | undefined): string {
  const reason = error instanceof SaveError ? error.reason : 'network';
  // Before the first file (no progress yet) the error itself says what happened.
  if (!p) return `Saving did not start. ${error instanceof Error ? error.message : String(error)}`;
  const bytes = `${megabytes(p.bytes)} of ${megabytes(p.totalBytes)}`;
  const saved = `${count(p.files)} of ${count(p.totalFiles)} files saved (${bytes})`;
  if (reason === 'cancelled') return `Saving stopped: ${saved}. Save again to fetch the rest.`;
  if (reason === 'network') return `Saving stopped: ${saved}. The network failed; save again when you are back online.`;
  return `${(error as Error).message} (${saved}.)`;
}

/** 1,166 */
export const count = (n: number) => n.toLocaleString('en');

/** Withdraws "keep the whole site" (the reader cancelled); what was saved stays. */
export async function forgetWholeSite(base: string, status: OfflineStatus): Promise<void> {
  await (await caches.open(status.cache)).delete(siteUrl(base, WHOLE_SITE_KEY));
}

let resuming = false;

/** After an update, saves what the new build changed, showing progress in the footer. */
export async function resumeWholeSite(base: string, status: OfflineStatus): Promise<void> {
  // The "Reading offline" page shows the same work with its progress bar.
  if (resuming || document.querySelector('[data-save-site]')) return;
  resuming = true;
  const footer = document.querySelector<HTMLElement>('[data-offline-status]');
  const say = (text: string) => footer && (footer.textContent = text);
  let last: SaveProgress | undefined;
  const show = (p: SaveProgress) => {
    last = p;
    say(`Updating the saved site… ${count(p.files)} of ${count(p.totalFiles)} files`);
  };
  try {
    const save = () => saveWholeSite(base, status, show, new AbortController().signal);
    if (!(await unlessSavingElsewhere(save))) {
      // Another tab is saving the site (its Reading offline page, or its own update): this is its work
      // already. Once it is done, the footer is shown again (and saves here what it left, if anything).
      await navigator.locks.request(SAVE_LOCK, { mode: 'shared' }, () => undefined);
      resuming = false;
    }
    document.dispatchEvent(new Event(OFFLINE_CHANGED));
  } catch (error) {
    say(stopMessage(error, last));
  }
}
