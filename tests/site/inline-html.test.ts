import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSite, openSite, type OpenSite } from '../helpers/browser.ts';
import { buildSite } from '../helpers/build.ts';
import { corpus, note, removeCorpora } from '../helpers/corpus.ts';

/**
 * A note written the way people write Markdown elsewhere: inline HTML (line breaks, superscripts,
 * a folded proof with math inside, keyboard keys, an image with a width) and raster figures. Built
 * with the real build, read in Chromium; then one unsafe line makes the build fail by name.
 */

/** A valid PNG of the given size (one grey pixel row repeated), made here so the fixture is small. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.concat(
    Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 128)])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const loss = png(40, 20);
const body = [
  'Alpha links to [[beta]] and cites [@jacot2018neural].',
  '',
  '## Setup',
  '',
  'The rate is $O(t^{-1})$, so x<sup>2</sup> grows; press <kbd>Ctrl</kbd>+<kbd>K</kbd> to search.<br>A new line.',
  '',
  '<details>',
  '<summary>Proof of the rate</summary>',
  '',
  'By **induction** on $t$: $\\norm{x_{t+1}} \\le \\norm{x_t}$.',
  '',
  '</details>',
  '',
  '![The training loss against steps](../figures/loss.png)',
  '',
  '<img src="../figures/loss.png" width="300" alt="The loss again, wider">',
  '',
  'See <a href="https://arxiv.org/abs/1806.07572">the paper</a> and ![A square](../figures/diagram.svg).',
].join('\n');

describe('inline HTML and raster figures in a built site', () => {
  let content: string;
  let dist: string;
  let open: OpenSite;

  beforeAll(async () => {
    content = await corpus({
      'content/figures/loss.png': loss,
      'content/notes/alpha.md': note(
        {
          title: 'Alpha',
          summary: 'The first note.',
          section: 'theory',
          tags: ['optimization'],
          aliases: ['First note'],
        },
        body,
      ),
    });
    dist = join(mkdtempSync(join(tmpdir(), 'dlt-html-')), 'dist');
    const built = buildSite({ DLT_CONTENT_ROOT: content, DLT_DIST: dist });
    expect(built.ok, built.log).toBe(true);
    open = await openSite(dist);
  }, 180_000);

  afterAll(async () => {
    await closeSite(open ?? {});
    await removeCorpora();
  });

  it('publishes the raster figure as a file, in the site and in the offline copy', () => {
    expect(readFileSync(join(dist, 'figures/loss.png')).equals(loss)).toBe(true);
    expect(existsSync(join(`${dist}-offline`, 'figures/loss.png'))).toBe(true);
    // SVG figures are inlined after sanitizing; their source file is never published.
    expect(existsSync(join(dist, 'figures/diagram.svg'))).toBe(false);
  });

  it('shows the inline HTML as written, with math inside a folded proof', async () => {
    const { page, site } = open;
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(site.url('notes/alpha/'), { waitUntil: 'load' });
    const body = page.locator('.note-body');
    await expect.poll(() => body.locator('sup').first().textContent()).toBe('2');
    expect(await body.locator('kbd').allTextContents()).toEqual(['Ctrl', 'K']);
    expect(await body.locator('br').count()).toBeGreaterThan(0);
    const proof = body.locator('details:has(summary:text("Proof of the rate"))');
    expect(await proof.locator('.katex').first().isVisible()).toBe(false);
    await proof.locator('summary').click();
    expect(await proof.locator('.katex').first().isVisible()).toBe(true);
    expect(await proof.locator('strong').textContent()).toBe('induction');
    expect(await body.locator('a[href="https://arxiv.org/abs/1806.07572"]').textContent()).toBe('the paper');
    expect(violations).toEqual([]);
  });

  it('loads both raster figures from the site, the HTML one at the width its author gave', async () => {
    const { page } = open;
    const images = page.locator('.note-body img');
    expect(await images.count()).toBe(2);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.note-body img')].every((i) => i.complete && i.naturalWidth > 0),
    );
    const shown = await images.evaluateAll((list) =>
      list.map((i) => ({
        alt: (i as HTMLImageElement).alt,
        src: new URL((i as HTMLImageElement).src).pathname,
        width: (i as HTMLImageElement).width,
      })),
    );
    expect(shown).toEqual([
      { alt: 'The training loss against steps', src: '/figures/loss.png', width: 40 },
      { alt: 'The loss again, wider', src: '/figures/loss.png', width: 300 },
    ]);
  });

  it('shows the raster figures in the file:// copy too', async () => {
    const page = await open.browser.newPage();
    await page.goto(pathToFileURL(join(`${dist}-offline`, 'notes/alpha/index.html')).href);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.note-body img')].every((i) => i.complete),
    );
    expect(
      await page.locator('.note-body img').evaluateAll((list) => list.map((i) => (i as HTMLImageElement).naturalWidth)),
    ).toEqual([40, 40]);
    await page.close();
  });

  it('fails the build on an event handler, naming the file, line and column, and keeps the site', async () => {
    const bad = await corpus({
      'content/figures/loss.png': loss,
      'content/notes/alpha.md': note(
        { title: 'Alpha', summary: 'The first note.', section: 'theory', tags: ['optimization'] },
        `${body}\n\nA <span onclick="steal()">trap</span>.`,
      ),
    });
    const before = readFileSync(join(dist, 'notes/alpha/index.html'), 'utf8');
    const failed = buildSite({ DLT_CONTENT_ROOT: bad, DLT_DIST: dist });
    expect(failed.ok).toBe(false);
    const line =
      readFileSync(join(bad, 'content/notes/alpha.md'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('onclick')) + 1;
    expect(failed.log).toContain(
      `content/notes/alpha.md:${line}:3  HTML: the attribute onclick="steal()" on <span> would run code in the reader's browser: remove it  [unsafe-html]`,
    );
    expect(readFileSync(join(dist, 'notes/alpha/index.html'), 'utf8')).toBe(before);
  }, 120_000);
});
