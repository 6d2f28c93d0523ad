import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/cli/build-lock.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { buildEnv } from '../helpers/build.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * `npm run dev` as an author uses it: the dev server on a copy of the real notes, a note open in
 * Chromium, and the note's Markdown edited on disk. The dev server writes into the checkout's .astro
 * folder, as builds do, so it holds the build lock while it runs.
 */
describe('npm run dev while an author edits a note', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-dev-'));
  const note = join(work, 'content/notes/grokking.md');
  let server: DevServer | undefined;
  const log = () => server?.log() ?? '';
  let browser: BrowserContext | undefined;
  let release: (() => Promise<void>) | undefined;
  let url = '';

  /** Waits until the open page (reloading by itself) shows `text` in `selector`, or no longer shows it. */
  const shows = async (page: Page, selector: string, text: string, present = true): Promise<void> => {
    await page
      .waitForFunction(
        ([sel, t, want]) =>
          (document.querySelector(sel as string)?.textContent?.includes(t as string) ?? false) === want,
        [selector, text, present] as const,
        { timeout: 15_000, polling: 50 },
      )
      .catch((e: Error) => {
        throw new Error(
          `the open page never ${present ? 'showed' : 'stopped showing'} "${text}": ${e.message}\n` +
            `server:\n${log().slice(-3000)}`,
        );
      });
  };

  /** The index of the note's first line of prose (a line starting with a capitalised word). */
  const paragraphLine = (text: string) => text.split('\n').findIndex((l) => /^[A-Z][a-z]+ /.test(l));

  /** Polls `check` every 100 ms until it holds; fails after 20 s with what was awaited and the server's log. */
  const waitFor = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server:\n${log().slice(-3000)}`);
      await sleep(100);
    }
  };

  /**
   * Opens the note. Adding or removing a note changes Astro's content store, so Astro reloads the open
   * pages itself about half a second after the corpus reload (measured: reloads 0.4 and 0.85 s after a
   * note was deleted). Such a late reload landing during `goto` aborts it: then the page opens again.
   */
  const open = async (page: Page): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await page.goto(url, { waitUntil: 'load' });
        return;
      } catch (e) {
        if (attempt >= 4 || !String(e).includes('ERR_ABORTED')) {
          throw new Error(`could not open ${url}: ${String(e)}\nserver:\n${log().slice(-3000)}`);
        }
        await sleep(250);
      }
    }
  };

  beforeAll(async () => {
    cpSync(join(root, 'content'), join(work, 'content'), { recursive: true });
    release = await acquireLock(root);
    server = await startDevServer(
      {
        ...buildEnv(),
        DLT_CONTENT_ROOT: work,
        DLT_CACHE_DIR: join(work, 'cache'),
        DLT_ASTRO_CACHE_DIR: join(work, 'astro-cache'),
      },
      '/notes/grokking/',
      180_000,
    );
    url = `${server.origin}/notes/grokking/`;
    browser = await launchBrowser({ serviceWorkers: 'block' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await release?.();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows each edit in the open page by itself, within a second and a half of the save', async () => {
    const page = browser!.pages()[0] ?? (await browser!.newPage());
    // The page hears of an edit over Vite's socket: an edit saved before it connects is not heard.
    let connected = Promise.withResolvers<void>();
    const seen: string[] = [];
    let connectedAt = 0;
    page.on('console', (m) => {
      seen.push(`${Math.round(performance.now())} ${m.text()}`);
      if (!m.text().includes('[vite] connected')) return;
      connectedAt = performance.now();
      connected.resolve();
    });
    let navigated = performance.now();
    page.on('framenavigated', (f) => {
      if (f !== page.mainFrame()) return;
      navigated = performance.now();
      seen.push(`${Math.round(navigated)} navigated ${f.url()}`);
    });
    await open(page);
    // On a fresh checkout Vite may still be optimizing dependencies when the page first connects; it
    // then answers 504 ("Outdated Optimize Dep") and reloads the page, and an edit saved during that
    // reload is not heard. So the page must be connected and have stayed put for a second and a half.
    await connected.promise;
    for (const deadline = performance.now() + 30_000; performance.now() < deadline; await sleep(100))
      if (connectedAt > navigated && performance.now() - connectedAt > 1_500) break;
    const original = readFileSync(note, 'utf8');
    const paragraph = original.split('\n')[paragraphLine(original)];
    const took: number[] = [];
    for (const word of ['zebrafinch', 'quokka', 'axolotl']) {
      const reloaded = Promise.withResolvers<void>();
      connected = reloaded;
      const started = performance.now();
      writeFileSync(note, original.replace(paragraph, paragraph.replace(' ', ` ${word} `)));
      // No reload from here: the dev server tells the page to reload itself.
      await page
        .waitForFunction((w) => document.querySelector('.note-body')?.textContent?.includes(w), word, {
          timeout: 30_000,
          polling: 20,
        })
        .catch((e: Error) => {
          throw new Error(
            `"${word}" (saved at ${Math.round(started)}) never showed: ${e.message}\n` +
              `page:\n${seen.join('\n')}\nserver:\n${log().slice(-3000)}`,
          );
        });
      took.push(performance.now() - started);
      await reloaded.promise;
    }
    const median = [...took].sort((a, b) => a - b)[1];
    console.log(`An edit showed in the open page after ${took.map((t) => Math.round(t)).join(', ')} ms.`);
    // Measured on two cores: 0.6-0.85 s alone (1.6-2.5 s before the pages read the published corpus
    // instead of Astro's store); issue 13 asks for under a second. The bound leaves room for another
    // test file running beside this one, and still fails if the reload falls back to the store's.
    expect(median, log().slice(-2000)).toBeLessThan(1_500);
    writeFileSync(note, original);
  });

  it('lists a new note and serves its page, and shows a new title in the open page', async () => {
    const page = browser!.pages()[0] ?? (await browser!.newPage());
    const fresh = join(work, 'content/notes/dev-server-probe.md');
    writeFileSync(
      fresh,
      '---\ntitle: "Dev server probe"\nsummary: "A note added while the dev server runs."\nsection: empirical\n' +
        'tags: [generalization]\n---\n\nA note that links to [[grokking]].\n',
    );
    await waitFor(async () => (await fetch(url.replace('grokking', 'dev-server-probe'))).ok, 'the new note served');
    // The open page, which the new note links to, reloads by itself and lists it.
    await shows(page, '.backlinks', 'Dev server probe');
    writeFileSync(fresh, readFileSync(fresh, 'utf8').replace('Dev server probe', 'Dev server probe, renamed'));
    await shows(page, '.backlinks', 'Dev server probe, renamed');
    rmSync(fresh);
    await shows(page, '.backlinks', 'Dev server probe', false);
  });

  it('keeps showing the last good page while a note has an error, and names the file and line', async () => {
    const page = browser!.pages()[0] ?? (await browser!.newPage());
    await open(page);
    const original = readFileSync(note, 'utf8');
    const lines = original.split('\n');
    const at = paragraphLine(original);
    lines[at] = `${lines[at]} See [[no-such-note-anywhere]].`;
    const before = log().length;
    writeFileSync(note, lines.join('\n'));
    await waitFor(async () => log().slice(before).includes('no-such-note-anywhere'), 'the error printed');
    expect(log().slice(before)).toMatch(new RegExp(`content/notes/grokking\\.md:${at + 1}:\\d+`));
    const served = await (await fetch(url)).text();
    expect(served).not.toContain('no-such-note-anywhere');
    expect(served).toContain('Grokking and delayed generalization');
    writeFileSync(note, original.replace('Grokking and delayed', 'Grokking, and delayed'));
    await shows(page, 'h1', 'Grokking, and delayed');
    writeFileSync(note, original);
    // The page reloads once more for the original: waited for here, so it does not land in the next test.
    await shows(page, 'h1', 'Grokking and delayed');
  });

  it('does not reload the open page, nor log, while a build writes its pages', async () => {
    const page = browser!.pages()[0] ?? (await browser!.newPage());
    let reloads = 0;
    let navigated = performance.now();
    page.on('framenavigated', (f) => {
      if (f !== page.mainFrame()) return;
      reloads++;
      navigated = performance.now();
    });
    await open(page);
    // A reload still owed to an earlier edit (Astro's own comes up to a second after the corpus's) must
    // not count: the page has stayed put for a second and a half before the folders are written.
    for (const deadline = performance.now() + 20_000; performance.now() < deadline; await sleep(100))
      if (performance.now() - navigated > 1_500) break;
    reloads = 0;
    const before = log().length;
    // Where `npm run build` writes pages inside the project: Astro's output, the staging folder, the
    // published site and its file:// copy, and the previous site it removes after the swap (a build
    // that ran beside the dev server had Vite announce a page reload for each of its 1,888 pages). The
    // dev server holds the build lock: no build runs now.
    const folders = [
      '.astro/out/notes/probe',
      '.build-probe/site/notes/probe',
      'dist/probe',
      'dist-offline/probe',
      '.discard-probe/old-dist/notes/probe',
    ];
    const made = ['.astro/out', '.build-probe', 'dist', 'dist-offline', '.discard-probe'].filter(
      (f) => !existsSync(join(root, f)),
    );
    try {
      for (const folder of folders) {
        mkdirSync(join(root, folder), { recursive: true });
        writeFileSync(join(root, folder, 'index.html'), '<!doctype html><title>probe</title>');
      }
      await sleep(2_000);
      expect(reloads, log().slice(-2000)).toBe(0);
      // Nor does the author's terminal fill with them (Vite announced each file it would reload for).
      expect(log().slice(before)).not.toMatch(/\[watch\] .*probe/);
    } finally {
      for (const folder of [...folders, ...made]) rmSync(join(root, folder), { recursive: true, force: true });
    }
  });
});
