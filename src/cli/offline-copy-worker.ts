/** The thread of offline-copy-thread.ts: makes the file:// copy and replies with its summary or error. */
import { parentPort, workerData } from 'node:worker_threads';
import { buildOfflineCopy } from './offline-files.ts';
import type { CopyJob, CopyReply } from './offline-copy-thread.ts';

const port = parentPort;
if (!port) throw new Error('offline-copy-worker.ts runs on a worker thread');
const { site, out, root, cacheDir } = workerData as CopyJob;
const stopping = new AbortController();
port.on('message', () => stopping.abort());
// The listener must not keep the thread alive once the copy is done.
port.unref();
let reply: CopyReply;
try {
  reply = { ok: true, summary: await buildOfflineCopy(site, out, root, cacheDir, stopping.signal) };
} catch (e) {
  const error = e as NodeJS.ErrnoException & { dest?: string };
  reply = {
    ok: false,
    error: {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: error.code,
      path: error.path,
      dest: error.dest,
    },
  };
}
port.postMessage(reply);
