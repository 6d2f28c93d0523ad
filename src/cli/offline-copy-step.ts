/**
 * The file:// copy of `npm run build` (offline-files.ts) in a process of its own, started by
 * src/cli/build.ts beside Pagefind. It ran on a thread of the build's own process before, and the
 * memory the thread had used stayed with that process after the thread was gone: 250 MB at 1,000
 * notes, held beside Pagefind's binary as it wrote its index (the build's peak). A process gives
 * all of it back when it exits. It sends its summary, or its error with the error's `code` (the
 * build reports a full disk as such), to the build over IPC, then exits.
 * Usage: node src/cli/offline-copy-step.ts <site> <out> <cacheDir>
 */
import { buildOfflineCopy, type OfflineCopySummary } from './offline-files.ts';
import { projectRoot } from '../settings.ts';

/** What the step sends before it exits. */
export type CopyReply =
  | { kind: 'copied'; summary: OfflineCopySummary }
  | {
      kind: 'failed';
      error: { name: string; message: string; stack?: string; code?: string; path?: string; dest?: string };
    };

const [site, out, cacheDir] = process.argv.slice(2);
if (!site || !out || !cacheDir) {
  console.error('usage: node src/cli/offline-copy-step.ts <site> <out> <cacheDir>');
  process.exit(2);
}
/** Sends the reply to the build that started the step (or prints it, run by hand); resolves once sent. */
const send = (reply: CopyReply) =>
  process.send
    ? new Promise((resolve) => process.send?.(reply, resolve))
    : Promise.resolve(console.log(JSON.stringify(reply)));
try {
  await send({ kind: 'copied', summary: await buildOfflineCopy(site, out, projectRoot, cacheDir) });
} catch (e) {
  const error = e as NodeJS.ErrnoException & { dest?: string };
  const { name, message, stack, code, path, dest } = error;
  await send({ kind: 'failed', error: { name, message, stack, code, path, dest } });
  process.exitCode = 1;
}
process.disconnect?.();
