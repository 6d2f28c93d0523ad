/**
 * Random and pathological content fed to the checker (the same `loadCorpus` the build runs): notes
 * built from Markdown syntax fragments, frontmatter YAML, BibTeX entries and SVG figures, some of
 * them repeated tens of thousands of times. For every round it asserts that the checker
 *   1. never throws,
 *   2. names a real file in every problem it reports (and reports the broken inputs it must),
 *   3. finishes within a time bound,
 * and that nothing unsafe reaches a rendered page: no <script>, no event handler attribute, no
 * link or source whose scheme is not http(s), mailto or relative.
 *
 * Rounds are drawn from a seeded generator so a failure can be replayed: FUZZ_SEED=<seed> and
 * FUZZ_ROUNDS=<n> (default 60) reproduce or extend a run.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { afterAll, describe, expect, it } from 'vitest';
import { isSafeUrl } from '../../src/lib/safe-url.ts';
import { loadCorpus } from '../../src/pipeline/load-corpus.ts';
import { baseline, corpus, removeCorpora } from '../helpers/corpus.ts';

afterAll(removeCorpora);

const seed = Number(process.env.FUZZ_SEED ?? 20261205);
const rounds = Number(process.env.FUZZ_ROUNDS ?? 60);

/** mulberry32: a small seeded generator, so every run with one seed draws the same inputs. */
function generator(s: number) {
  let state = s >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}

const markdownPieces = [
  'word ', 'Theorem ', '\n', '\n\n', '  ', '\t', '[[', ']]', '[[alpha]]', '[[beta#Setup]]', '[[#Setup]]', '|', '\\|', '$', '$$', '$x$', '$$\nx^2\n$$\n',
  '\\frac{', '}', '{', '\\', '\\def\\a{\\a\\a}\\a', '\\href{javascript:alert(1)}{x}', '\\url{data:x}', '\\includegraphics{x.png}',
  '*', '**', '_', '~~', '`', '```\n', '> ', '- ', '1. ', '# ', '## Setup\n', '---\n', '| a | b |\n| --- | --- |\n', '[@', '[@jacot2018neural]', '@neal1996bayesian',
  '\\@', ']', '(', ')', '[x](javascript:alert(1))', '<javascript:alert(1)>', '[y](&#106;avascript:x)', '[r]: vbscript:x\n', '[r]', '![a](../figures/diagram.svg)',
  '![b](https://x.org/a.png)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!--', '-->', '&', '&#0;', '&#x110000;', '%', '%zz', '\u200b', '\u2032',
  '🚀', 'é', '\u0000', '\u202e', '[^1]', '[^1]: note\n', 'www.example.org ', 'https://example.org ', '$5 and $10 ', '<', '>', '"', "'",
  // Inline HTML: what the sanitizer allows, what it refuses, and parser-confusion (mXSS) shapes.
  '<br>', '<sup>', '</sup>', '<details>', '<summary>', '</summary>', '</details>', '<kbd>x</kbd>', '<span style="position:fixed">', '</span>',
  '<a href="javascript:x">', '<a href=" JaVaScRiPt:x">', '</a>', '<iframe src=x>', '<svg><script>x</script></svg>', '<math><mtext><img src=x onerror=y></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=y>">', '<template><img src=x onerror=y></template>', '<img src="../figures/diagram.svg" alt=a>',
  '<img src="https://x.org/a.png" alt=a>', '<d-cite key="jacot2018neural"></d-cite>', '<a id="1x" name="cookie">', '<form action=x><input></form>', '<b onmouseover=x>',
];
const yamlPieces = [
  'title: T', 'summary: S', 'section: theory', 'section: nope', 'tags: [optimization]', 'tags: [nope, 1]', 'aliases: [A, A]', 'related: [beta, nowhere]',
  'updated: 2026-02-30', 'updated: 2026-01-01', 'draft: maybe', 'draft: true', 'unknown: 1', 'title: &a x', 'summary: *a', 'title: [', 'summary: "unclosed',
  'tags: {a: 1}', '\ttitle: tab', 'title: |\n  multi\n  line', ': empty key', '? complex', 'title: !!binary aGk=', 'summary: ' + 'x'.repeat(400), '- list', '<<: *a',
];
const bibPieces = [
  '@article{', '@book(', '@string{x = "y"}', '@comment{', '@preamble{', '}', '{', '"', ',', '=', 'title = {T}', 'title = {$p < 1$ and 5% more}', 'author = {A, B and C, D}',
  'author = {}', 'year = {2020}', 'year = {20x0}', 'journal = {J}', 'eprint = {1806.07572}', 'eprint = {nope}', 'doi = {10.1/x}', 'doi = {x}', 'url = {javascript:alert(1)}',
  'url = {https://x.org}', 'key1', 'a%b', 'DBLP:x/y', '..', 'k/../k', '\\"{o}', '\\emph{x}', '$\\|x\\|$', '<', '>', '%', '\n', '@', 'keywords = {optimization, nope}',
];
const svgPieces = [
  '<rect/>', '<path d="M0 0L1 1"/>', '<script>alert(1)</script>', '<style>&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;</style>', '<rect onclick="x"/>',
  '<a href="javascript:x"><text>x</text></a>', '<set attributeName="href" to="javascript:x"/>', '<animate attributeName="href" values="javascript:x"/>',
  '<image href="https://x.org/a.png"/>', '<use href="#m"/>', '<use href="other.svg#m"/>', '<rect style="fill:u\\rl(http://x)"/>', '<rect style="@im\\port x"/>',
  '<rect fill="url(https://x.org/#a)"/>', '<foreignObject><div>x</div></foreignObject>', '<text>&lt;script&gt;</text>', '<g>', '</g>', '<!DOCTYPE svg [<!ENTITY a "aaaa">]>',
  '&a;', '<![CDATA[ x ]]>', '<?xml version="1.0"?>', '<title>T</title>', '<!-- c -->', '<', '>', '"',
];

/** A random string from `pieces`; sometimes one piece repeated thousands of times (the pathological case). */
function draw(g: ReturnType<typeof generator>, pieces: readonly string[], length: number): string {
  if (g.next() < 0.2) return g.pick(pieces).repeat(2000 + g.int(20_000));
  let out = '';
  for (let i = 0; i < length; i++) out += g.pick(pieces);
  return out;
}

/** Every href/src/action in a page is safe, and there is no script or event handler. */
function unsafeMarkup(html: string): string[] {
  const found: string[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
    if (['script', 'iframe', 'object', 'embed', 'foreignobject', 'style'].includes(node.tagName.toLowerCase())) found.push(`<${node.tagName}>`);
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name)) found.push(`${name}=`);
      if (/^(href|src|action|xLinkHref|formAction)$/i.test(name) && typeof value === 'string' && !isSafeUrl(value)) found.push(`${name}="${value}"`);
    }
  });
  return found;
}

describe('the checker on random and pathological content', () => {
  it(`never throws, names the file of every problem, stays within its time bound and publishes nothing unsafe (seed ${seed}, ${rounds} rounds)`, { timeout: 600_000 }, async () => {
    const g = generator(seed);
    for (let round = 0; round < rounds; round++) {
      const kind = (['markdown', 'yaml', 'bibtex', 'svg'] as const)[round % 4];
      const files: Record<string, string> = {};
      if (kind === 'markdown') files['content/notes/fuzz.md'] = `---\ntitle: Fuzz\nsummary: Random.\nsection: theory\n---\n\n${draw(g, markdownPieces, 40 + g.int(200))}\n`;
      if (kind === 'yaml') files['content/notes/fuzz.md'] = `---\n${draw(g, yamlPieces.map((p) => `${p}\n`), 3 + g.int(10))}---\n\nBody [[alpha]].\n`;
      if (kind === 'bibtex') files['content/references.bib'] = `${baseline['content/references.bib']}\n${draw(g, bibPieces, 10 + g.int(60))}\n`;
      if (kind === 'svg') files['content/figures/diagram.svg'] = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">${draw(g, svgPieces, 2 + g.int(12))}</svg>`;
      const dir = await corpus(files);
      const label = `round ${round} (${kind}, FUZZ_SEED=${seed})`;
      const started = performance.now();
      const result = await loadCorpus({ root: pathToFileURL(`${dir}/`), base: '/', noteBudgetMs: 2000 }).then(
        (c) => ({ ok: true as const, c }),
        (error: Error) => ({ ok: false as const, error }),
      );
      const ms = performance.now() - started;
      if (!result.ok) throw new Error(`${label}: the checker threw ${result.error.stack}`);
      expect(ms, `${label}: took ${ms.toFixed(0)} ms`).toBeLessThan(15_000);
      const known = new Set([...Object.keys(baseline), ...Object.keys(files)]);
      for (const p of result.c.problems) {
        expect(known.has(p.file) || p.file.startsWith('content/'), `${label}: problem without a file: ${JSON.stringify(p)}`).toBe(true);
        expect(p.message.length, `${label}: empty message`).toBeGreaterThan(0);
      }
      // A figure whose source has a script, a handler or a foreign reference is always reported.
      const svg = files['content/figures/diagram.svg'];
      if (svg && /<script|onclick=|javascript:|<foreignObject|<image|<style|u\\rl/.test(svg)) {
        expect(result.c.problems.some((p) => p.file === 'content/figures/diagram.svg' && p.severity === 'error'), `${label}: unsafe figure accepted`).toBe(true);
      }
      for (const n of result.c.notes) {
        const page = await readFile(n.htmlFile, 'utf8');
        expect(unsafeMarkup(page), `${label}: unsafe markup in ${n.slug}`).toEqual([]);
      }
    }
  });
});
