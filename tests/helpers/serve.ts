import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';

/** A built site served on 127.0.0.1 from this process (so nothing outlives the tests). */
export interface SiteServer {
  origin: string;
  /** Absolute URL of a site path (`notes/x/` → `http://127.0.0.1:port/base/notes/x/`). */
  url(path?: string): string;
  close(): Promise<void>;
  server: Server;
}

/**
 * Serves `dir` under `base` the way a static host does: files as they are, `/dir/` → `dir/index.html`,
 * and `404.html` with status 404 for anything else.
 */
export async function serveSite(dir: string, opts: { base?: string; port?: number } = {}): Promise<SiteServer> {
  const base = opts.base ?? '/';
  // dev: true re-reads the folder on every request, so a test can deploy a new build under a running server.
  const files = sirv(dir, { dev: true, etag: true, dotfiles: false });
  const notFound = await readFile(join(dir, '404.html')).catch(() => Buffer.from('Not found'));
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
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
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    server,
    url: (path = '') => `${origin}${base}${path.replace(/^\//, '')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
