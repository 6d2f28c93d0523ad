import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's Chromium lives; override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium from reaching the network on its own (updates, sync, QUIC probes). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * Starts Chromium with a fresh profile. Fails loudly (never skips) when no browser is installed,
 * saying how to install one.
 */
export async function launchBrowser(
  opts: {
    viewport?: { width: number; height: number };
    colorScheme?: 'light' | 'dark';
    serviceWorkers?: 'allow' | 'block';
  } = {},
): Promise<BrowserContext> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}. Browser tests need Debian's Chromium: run \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH to a Chromium binary).`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'dlt-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    serviceWorkers: opts.serviceWorkers ?? 'allow',
  });
}

/** A built site served locally and a browser pointed at it: what most site tests start from. */
export interface OpenSite {
  site: import('./serve.ts').SiteServer;
  browser: BrowserContext;
  page: import('playwright-core').Page;
}

/** Serves `dir` and opens Chromium on it (with `launchBrowser` options). */
export async function openSite(dir: string, opts: Parameters<typeof launchBrowser>[0] = {}): Promise<OpenSite> {
  const { serveSite } = await import('./serve.ts');
  const site = await serveSite(dir);
  const browser = await launchBrowser(opts);
  const page = browser.pages()[0] ?? (await browser.newPage());
  return { site, browser, page };
}

/** Closes what `openSite` opened (safe to call when it failed half-way). */
export async function closeSite(open: Partial<OpenSite>): Promise<void> {
  await open.browser?.close();
  await open.site?.close();
}
