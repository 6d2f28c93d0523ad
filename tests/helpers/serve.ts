import { readFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';

/** One request: its path (with the base, decoded, without the query), and once answered its status and body bytes. */
export interface ServedRequest {
  path: string;
  /** 0 until the response is finished (and if the client went away first). */
  status: number;
  bytes: number;
  /** Sent by the page's "Save the whole site" (src/lib/offline-protocol.ts SAVE_HEADER). */
  saving: boolean;
  /** When the request arrived (performance.now() of the test process). */
  at: number;
}

/** A built site served on 127.0.0.1 from this process (so nothing outlives the tests). */
export interface SiteServer {
  origin: string;
  /** Absolute URL of a site path (`notes/x/` → `http://127.0.0.1:port/base/notes/x/`). */
  url(path?: string): string;
  close(): Promise<void>;
  server: Server;
  /** Every request so far, in the order they arrived. */
  requests: ServedRequest[];
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Counts the body bytes a response writes. */
function countBytes(res: ServerResponse, done: (bytes: number) => void): void {
  let bytes = 0;
  const add = (chunk: unknown) => {
    if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk);
    else if (chunk instanceof Uint8Array) bytes += chunk.length;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => (add(args[0]), write(...args))) as typeof res.write;
  res.end = ((...args: unknown[]) => (typeof args[0] !== 'function' && add(args[0]), end(...args))) as typeof res.end;
  res.on('finish', () => done(bytes));
}

/**
 * Serves `dir` under `base` the way a static host does: files as they are, `/dir/` → `dir/index.html`,
 * and `404.html` with status 404 for anything else.
 */
export async function serveSite(
  dir: string,
  opts: {
    base?: string;
    port?: number;
    /** Milliseconds to wait before answering, or a promise that answers when it settles (a gate). */
    delayMs?: (request: { path: string; saving: boolean }) => number | Promise<unknown>;
  } = {},
): Promise<SiteServer> {
  const base = opts.base ?? '/';
  // dev: true re-reads the folder on every request, so a test can deploy a new build under a running server.
  const files = sirv(dir, { dev: true, etag: true, dotfiles: false });
  const notFound = await readFile(join(dir, '404.html')).catch(() => Buffer.from('Not found'));
  const requests: ServedRequest[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const saving = req.headers['x-dlt-save'] !== undefined;
    const path = safeDecode(url.split('?')[0]);
    const entry: ServedRequest = { path, status: 0, bytes: 0, saving, at: performance.now() };
    requests.push(entry);
    countBytes(res, (bytes) => Object.assign(entry, { status: res.statusCode, bytes }));
    const delay = opts.delayMs?.(entry) ?? 0;
    if (typeof delay !== 'number') void delay.finally(() => answer(url, req, res));
    else if (delay > 0) setTimeout(() => answer(url, req, res), delay);
    else answer(url, req, res);
  });
  const answer = (url: string, req: import('node:http').IncomingMessage, res: ServerResponse) => {
    if (!url.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(notFound);
      return;
    }
    req.url = `/${url.slice(base.length)}`;
    files(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(notFound);
    });
  };
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    server,
    requests,
    url: (path = '') => `${origin}${base}${path.replace(/^\//, '')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
