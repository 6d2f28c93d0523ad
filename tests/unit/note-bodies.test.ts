import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillNoteBodies, keepNoteBody, noteBodyKey, noteBodyMarker } from '../../src/pipeline/note-bodies.ts';

describe('note bodies put into pages after the Astro step', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlt-bodies-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const page = (inner: string) => `<!doctype html><html><body><div class="note-body">${inner}</div></body></html>`;
  const write = (site: string, path: string, html: string) => {
    mkdirSync(join(site, path, '..'), { recursive: true });
    writeFileSync(join(site, path), html);
  };

  it('gives each page exactly the page with its body inline, and keeps only the bodies in use', async () => {
    const site = join(work, 'site');
    const bodies = join(work, 'bodies');
    // A body with what a marker search must not trip on: non-ASCII text, comments, "-->".
    const body = '<p>Théorème 1: $x \u2192 y$ <!-- a comment --> a --> b</p>'.repeat(50);
    const key = noteBodyKey('page-key-1', '/');
    await keepNoteBody(bodies, key, body);
    await keepNoteBody(bodies, noteBodyKey('an older key', '/'), 'stale');
    write(site, 'notes/a/index.html', page(noteBodyMarker(key)));
    write(site, 'papers/p/index.html', page('a paper page, no marker'));

    expect(await fillNoteBodies(site, bodies)).toBe(1);
    expect(readFileSync(join(site, 'notes/a/index.html'), 'utf8')).toBe(page(body));
    expect(readFileSync(join(site, 'papers/p/index.html'), 'utf8')).toBe(page('a paper page, no marker'));
    expect(readdirSync(bodies)).toEqual([`${key}.html`]);
  });

  it('names the page whose body is missing, and says to build again', async () => {
    const site = join(work, 'missing');
    write(site, 'notes/b/index.html', page(noteBodyMarker(noteBodyKey('gone', '/'))));
    await expect(fillNoteBodies(site, join(work, 'no-bodies'))).rejects.toThrow(
      /The body of notes\/b\/index\.html .* is missing .*Build again/,
    );
  });

  it('names bodies by page key and base path', () => {
    expect(noteBodyKey('k', '/')).toBe(noteBodyKey('k', '/'));
    expect(noteBodyKey('k', '/')).not.toBe(noteBodyKey('k', '/docs/'));
    expect(noteBodyKey('k', '/')).not.toBe(noteBodyKey('k2', '/'));
  });
});
