import { describe, expect, it } from 'vitest';
import { extractSearchable, scoreEntry, searchEntry, type OfflineSearchEntry } from '../../src/lib/offline-search.ts';
import { indexedPart, stripForIndex } from '../../src/lib/strip-for-index.ts';

const katex =
  '<span class="katex"><span class="katex-mathml"><math><mi>x</mi></math></span><span class="katex-html" aria-hidden="true"><span class="mord">x</span></span></span>';

describe('stripForIndex', () => {
  it.each([
    ['a formula, nested spans and all', `<p>Let ${katex} be.</p>`, '<p>Let  be.</p>'],
    ['two formulas', `<p>${katex} and ${katex}</p>`, '<p> and </p>'],
    ['an inline figure', '<figure><svg viewBox="0 0 1 1"><svg><rect/></svg></svg></figure>', '<figure></figure>'],
    ['a self-closing svg child', '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><p>after</p>', '<p>after</p>'],
    [
      'the words of a formula beside it',
      `<span class="math-words">lipschitz</span>${katex}`,
      '<span class="math-words">lipschitz</span>',
    ],
    ['nothing to strip', '<p>plain</p>', '<p>plain</p>'],
    ['an unclosed formula (kept rather than lost)', '<p><span class="katex">x</p>', '<p><span class="katex">x</p>'],
  ])('removes %s', (_name, html, expected) => {
    expect(stripForIndex(html)).toBe(expected);
  });
});

describe('indexedPart: what of a page can reach the search index', () => {
  const body = (end: string) => `<article data-pagefind-body><h1>T</h1><p>Text.</p>${end}</article>`;
  it.each([
    [
      'drops "Linked from" quotes, nested elements and all',
      body('<div class="note-end" data-pagefind-ignore><div><p>Quoted <a href="/x/">x</a>.</p></div></div>'),
      body(''),
    ],
    [
      'drops a paper\'s "Cited in" section',
      body('<section aria-labelledby="c" data-pagefind-ignore><h2 id="c">Cited in</h2><p>q</p></section><p>After.</p>'),
      body('<p>After.</p>'),
    ],
    [
      'keeps an ignored region that carries a filter (Pagefind still reads it)',
      body('<div data-pagefind-ignore><span data-pagefind-filter="tag">kernels</span></div>'),
      body('<div data-pagefind-ignore><span data-pagefind-filter="tag">kernels</span></div>'),
    ],
    [
      'keeps an ignored region whose own tag carries meta',
      body('<p data-pagefind-ignore data-pagefind-meta="date">2024</p>'),
      body('<p data-pagefind-ignore data-pagefind-meta="date">2024</p>'),
    ],
    [
      'keeps a paragraph a block element would end before its close tag',
      body('<p data-pagefind-ignore>a<div>b</div>c</p>'),
      body('<p data-pagefind-ignore>a<div>b</div>c</p>'),
    ],
    [
      'keeps an unclosed region',
      body('<div data-pagefind-ignore><p>x</p>'),
      body('<div data-pagefind-ignore><p>x</p>'),
    ],
    ['keeps a page without ignored regions', body(''), body('')],
    [
      'drops ignored regions inside a kept one',
      body('<div data-pagefind-ignore><span data-pagefind-meta="a">m</span><nav data-pagefind-ignore>n</nav></div>'),
      body('<div data-pagefind-ignore><span data-pagefind-meta="a">m</span></div>'),
    ],
  ])('%s', (_name, html, expected) => {
    expect(indexedPart(html)).toBe(expected);
  });

  it('changes when the indexed text changes, not when only a quote does', () => {
    const page = (text: string, quote: string) =>
      body(`<p>${text}</p><div class="note-end" data-pagefind-ignore><p>${quote}</p></div>`);
    expect(indexedPart(page('a', 'q1'))).toBe(indexedPart(page('a', 'q2')));
    expect(indexedPart(page('a', 'q1'))).not.toBe(indexedPart(page('b', 'q1')));
  });
});

describe('extractSearchable: the single-pass tag scanner', () => {
  const page = (body: string) =>
    `<html><head><title>T</title></head><body><nav>menu</nav><main data-pagefind-body>${body}</main><script>x()</script></body></html>`;

  it('reads the title, lead, aliases, headings and text, and skips math, anchors and page furniture', () => {
    const s = extractSearchable(
      page(`<h1 data-pagefind-meta="title">Kernels &amp; limits</h1><p class="lead">Lead.</p><p class="aliases">Also known as: NTK</p>
        <h2 id="a">First <a class="heading-anchor" href="#a">#</a></h2><p>Body with ${katex} math.</p><div class="note-end">Linked from</div>`),
    );
    expect(s).toMatchObject({ title: 'Kernels & limits', lead: 'Lead.', headings: ['First'] });
    expect(s?.aliases).toMatch(/NTK/);
    expect(s?.text).toMatch(/Body with\s+math\./);
    expect(s?.text).not.toMatch(/Linked from|menu|x\(\)/);
  });

  it('is undefined for a page without a searchable body', () => {
    expect(extractSearchable('<html><body><p>no body marker</p></body></html>')).toBeUndefined();
  });

  it('keeps a page entry short: title, summary, headings and at most 20,000 characters of text', () => {
    const entry = searchEntry(
      'notes/x/index.html',
      page(`<h1 data-pagefind-meta="title">X</h1><p>${'word '.repeat(10_000)}</p>`),
    );
    expect(entry?.u).toBe('notes/x/index.html');
    expect(entry?.x.length).toBeLessThanOrEqual(20_000);
  });
});

describe('scoreEntry', () => {
  const entry = (over: Partial<OfflineSearchEntry>): OfflineSearchEntry => ({
    u: 'u',
    t: '',
    s: '',
    h: [],
    x: '',
    ...over,
  });
  it.each([
    ['a title match over a text match', entry({ t: 'neural tangent kernel' }), entry({ x: 'neural tangent kernel' })],
    ['an alias match over a heading match', entry({ s: 'ntk' }), entry({ h: ['ntk'] })],
    ['a heading match over one text mention', entry({ h: ['kernel'] }), entry({ x: 'kernel' })],
    ['more text mentions over fewer', entry({ x: 'kernel kernel kernel' }), entry({ x: 'kernel' })],
  ])('ranks %s', (_name, better, worse) => {
    expect(
      scoreEntry(
        better,
        ['kernel', 'ntk'].filter((t) => JSON.stringify(better).includes(t)),
      ),
    ).toBeGreaterThan(
      scoreEntry(
        worse,
        ['kernel', 'ntk'].filter((t) => JSON.stringify(better).includes(t)),
      ),
    );
  });

  it('requires every term', () => {
    expect(scoreEntry(entry({ t: 'neural tangent' }), ['neural', 'kernel'])).toBe(0);
  });

  it('counts at most 20 mentions in the text, so one long page cannot drown the rest', () => {
    expect(scoreEntry(entry({ x: 'a '.repeat(100) }), ['a'])).toBe(scoreEntry(entry({ x: 'a '.repeat(20) }), ['a']));
  });
});
