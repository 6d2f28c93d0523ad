/**
 * The file:// copy (offline-files.ts) on a worker thread of its own, with a small young generation.
 * It runs beside Pagefind's binary at the build's memory peak, and in the build's main thread it
 * held 370-390 MB at 1,000 notes and 590-660 MB at 5,000, most of it pages, deflated files and
 * strings already dead but not yet collected. The thread's result, or its error with the error's
 * `code` (a full disk is reported as such), comes back as a message.
 */
import { Worker } from 'node:worker_threads';
import type { OfflineCopySummary } from './offline-files.ts';

export interface CopyJob {
  site: string;
  out: string;
  root: string;
  cacheDir?: string;
}

export type CopyReply =
  | { ok: true; summary: OfflineCopySummary }
  | {
      ok: false;
      error: { name: string; message: string; stack?: string; code?: string; path?: string; dest?: string };
    };

/** Makes the copy on a thread; aborting `signal` stops it between batches of files, as in this thread. */
export function buildOfflineCopyOnThread(job: CopyJob, signal: AbortSignal): Promise<OfflineCopySummary> {
  const worker = new Worker(new URL('./offline-copy-worker.ts', import.meta.url), {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: 12 },
  });
  const abort = () => worker.postMessage('abort');
  // An 'abort' event does not fire for a signal aborted already.
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  return new Promise<OfflineCopySummary>((resolvePromise, reject) => {
    let reply: CopyReply | undefined;
    worker.once('message', (m: CopyReply) => (reply = m));
    worker.once('error', reject);
    // Settled on exit: by then every write the copy started has finished.
    worker.once('exit', (code) => {
      signal.removeEventListener('abort', abort);
      if (reply?.ok) return resolvePromise(reply.summary);
      if (!reply) return reject(new Error(`The file:// copy's thread stopped (exit code ${code}).`));
      reject(Object.assign(new Error(reply.error.message), reply.error));
    });
  });
}
