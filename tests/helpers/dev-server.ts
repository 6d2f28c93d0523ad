import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '../..');

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

export interface DevServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** What the server printed so far (stdout and stderr). */
  log: () => string;
  /** Stops the server and everything it started; resolves once it has exited. */
  stop: () => Promise<void>;
}

/**
 * Starts `astro dev` (what `npm run dev` runs) from the checkout on a free port, with `env` as its
 * whole environment, and resolves once `path` is served. The server runs in its own process group,
 * so `stop` ends it with its workers. Callers that build meanwhile hold the build lock: the dev
 * server writes into the checkout's .astro folder, as builds do.
 */
export async function startDevServer(env: Record<string, string>, path: string, timeoutMs: number): Promise<DevServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  const server = spawn(
    process.execPath,
    [join(root, 'node_modules/astro/bin/astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ASTRO_TELEMETRY_DISABLED: '1', ...env } },
  );
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async () => {
    if (!server.pid || server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    process.kill(-server.pid, 'SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${origin}${path}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the dev server did not serve ${path}:\n${log.slice(-5000)}`);
    }
    await sleep(500);
  }
  return { origin, log: () => log, stop };
}
