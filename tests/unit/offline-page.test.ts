import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { offlinePage, relativizeUrls, removeTags } from '../../src/lib/offline-page.ts';
import { extractSearchable } from '../../src/lib/offline-search.ts';
import { matchingClose } from '../../src/lib/strip-for-index.ts';

const page = (head: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const copy = (html: string, rel = 'notes/x/index.html', base = '/') =>
  offlinePage(Buffer.from(html), rel, base).toString('utf8');

describe('relativizeUrls: site-absolute URLs become relative to the file', () => {
  it.each([
    ['a note link from a note', '<a href="/notes/y/">y</a>', 'notes/x/index.html', '<a href="../y/index.html">y</a>'],
    [
      'a fragment and a query are kept',
      '<a href="/notes/y/?q=1#eq-2">y</a>',
      'notes/x/index.html',
      '<a href="../y/index.html?q=1#eq-2">y</a>',
    ],
    ['the home page', '<a href="/">home</a>', 'notes/x/index.html', '<a href="../../index.html">home</a>'],
    ['a file keeps its name', '<img src="/figures/a.png">', 'index.html', '<img src="figures/a.png">'],
    ['single quotes', "<a href='/tags/'>t</a>", 'index.html', "<a href='tags/index.html'>t</a>"],
    ['a form action', '<form action="/search/">', 'papers/index.html', '<form action="../search/index.html">'],
    ['a CSS url()', 'src:url("/_astro/fonts/a.woff2")', '_astro/x.css', 'src:url("fonts/a.woff2")'],
    [
      'an external link is left alone',
      '<a href="https://arxiv.org/abs/1">a</a>',
      'index.html',
      '<a href="https://arxiv.org/abs/1">a</a>',
    ],
    ['data-href is not a URL attribute', '<a data-href="/x/">a</a>', 'index.html', '<a data-href="/x/">a</a>'],
    ['a value with mixed quotes is left alone', `<a href="/x'y">a</a>`, 'index.html', `<a href="/x'y">a</a>`],
  ])('%s', (_name, input, from, expected) => {
    expect(relativizeUrls(input, from, '/')).toBe(expected);
  });

  it('rewrites under a base path and leaves URLs outside it', () => {
    expect(relativizeUrls('<a href="/sub/notes/y/">y</a> <a href="/other/">o</a>', 'notes/x/index.html', '/sub/')).toBe(
      '<a href="../y/index.html">y</a> <a href="/other/">o</a>',
    );
  });
});

describe('removeTags', () => {
  it('removes each tag with the prefix, and its closing tag only where it follows at once', () => {
    const html = '<script type="module" src="/a.js"></script><p>x</p><script type="module">inline()</script>';
    expect(removeTags(html, '<script type="module"', '</script>')).toBe(
      '<p>x</p><script type="module">inline()</script>',
    );
    expect(
      removeTags('<link rel="preload" href="/f.woff2"><link rel="stylesheet" href="/s.css">', '<link rel="preload"'),
    ).toBe('<link rel="stylesheet" href="/s.css">');
  });
});

describe('offlinePage: a built page as the file:// copy serves it', () => {
  const built = page(
    '<meta http-equiv="content-security-policy" content="default-src \'self\'"><link rel="manifest" href="/manifest.webmanifest">' +
      '<link rel="preload" href="/_astro/fonts/a.woff2" as="font"><link rel="modulepreload" href="/_astro/m.js">' +
      '<style>@font-face{src:url("/_astro/fonts/a.woff2")}</style><script>document.documentElement.dataset.js="1"</script>',
    '<a href="/notes/y/">y, with ∇f</a><script type="module" src="/_astro/main.js"></script>',
  );
  const out = copy(built);

  it('drops module scripts, preloads, the manifest and the site policy, and loads the classic script', () => {
    expect(out).not.toMatch(/type="module"|rel="(modulepreload|manifest|preload)"|default-src 'self'">/);
    expect(out).toContain('<script src="../../_offline/offline.js"></script></body>');
  });

  it('makes links and the inline style relative, and keeps every other byte', () => {
    expect(out).toContain('<a href="../y/index.html">y, with ∇f</a>');
    expect(out).toContain('url("../../_astro/fonts/a.woff2")');
  });

  it('puts a policy after the charset that allows the inline script and style by hash', () => {
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const csp =
      /<meta charset="utf-8"><meta http-equiv="content-security-policy" content="([^"]*)">/.exec(out)?.[1] ?? '';
    expect(csp).toContain(`script-src 'self' ${hash('document.documentElement.dataset.js="1"')}`);
    expect(csp).toContain(`style-src 'self' ${hash('@font-face{src:url("../../_astro/fonts/a.woff2")}')}`);
    expect(csp).toContain("connect-src 'none'");
  });

  it('leaves the href of a removed tag to the removal (no half-rewritten tag remains)', () => {
    const body = copy(page('', '<p>a</p><script type="module" src="/x.js"></script><p>b</p>'));
    expect(body).toContain('<p>a</p><p>b</p>');
  });
});

describe('the search scanner skips whole elements', () => {
  it('finds where an element ends, counting nested elements of its name', () => {
    const html = '<span class="katex"><span><span>x</span></span><span>y</span></span>after';
    expect(html.slice(matchingClose(html, 0, 'span'))).toBe('after');
    expect(matchingClose('<span class="katex"><span>open', 0, 'span')).toBe(-1);
  });

  it('reads the same text from a page held as UTF-8 or as Latin-1 bytes', () => {
    const html = page(
      '',
      '<article data-pagefind-body><h1>Σ-models &amp; “rates”</h1><p>ℓ² loss <span class="katex"><span>x</span></span>; naïve</p></article>',
    );
    const latin1 = Buffer.from(html).toString('latin1');
    expect(extractSearchable(latin1, 'latin1')).toEqual(extractSearchable(html));
    expect(extractSearchable(html)?.text).toBe('Σ-models & “rates” ℓ² loss ; naïve');
  });
});
