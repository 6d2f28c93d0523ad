import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import remarkGfmNoAutolinkLiterals, {
  mayHaveAutolinkLiteral,
  mayHaveTable,
} from '../../src/plugins/remark-gfm-no-autolink-literals.ts';
import { baseline, corpus, problemsOf, removeCorpora } from '../helpers/corpus.ts';

const full = unified().use(remarkParse).use(remarkGfm).freeze();
const lean = unified().use(remarkParse).use(remarkGfmNoAutolinkLiterals).freeze();
const noTables = unified().use(remarkParse).use(remarkGfmNoAutolinkLiterals, { tables: false }).freeze();
const parse = (p: typeof full, md: string) => p.runSync(p.parse(md));

/** Random Markdown from pieces GFM cares about, seeded so a failure repeats. */
function randomMarkdown(seed: number): string {
  let s = seed;
  const rand = (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n;
  const pieces = [
    'www',
    '.',
    'com',
    'http',
    's',
    ':',
    '//',
    'mailto',
    'xmpp',
    '@',
    'a',
    'x',
    'W',
    'H',
    ' ',
    '\n',
    '\n\n',
    '|',
    '| --- |',
    '~~',
    '~',
    '[^1]',
    '[^1]: note',
    '- [ ] ',
    '- [x] ',
    '[@key]',
    ' @key',
    '*',
    '_',
    '`',
    '$x$',
    '<',
    '>',
    '(',
    ')',
    'e.g.',
    'user',
    '-',
    '+',
    'é',
    '1',
  ];
  let out = '';
  for (let i = 0, n = 5 + rand(40); i < n; i++) out += pieces[rand(pieces.length)];
  return out;
}

describe('GFM without autolink literals, for notes that cannot have any', () => {
  it('parses Markdown with no autolink candidate exactly as remark-gfm does', () => {
    let compared = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const md = randomMarkdown(seed);
      if (mayHaveAutolinkLiteral(md)) continue;
      compared++;
      expect(parse(lean, md), md).toEqual(parse(full, md));
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('keeps tables, footnotes, strikethrough and task lists', () => {
    const md = '| a | b |\n| --- | --- |\n| 1 | 2 |\n\n~~gone~~ and a note[^n].\n\n[^n]: The note.\n\n- [x] done\n';
    expect(mayHaveAutolinkLiteral(md)).toBe(false);
    expect(parse(lean, md)).toEqual(parse(full, md));
    expect(JSON.stringify(parse(lean, md))).toContain('"type":"table"');
  });

  it('sends every kind of autolink literal to the full parser', () => {
    for (const md of [
      'see www.example.com',
      'see WWW.example.com',
      'at https://example.com/x',
      'at HTTP://example.com',
      'write to someone@example.com',
      'mailto:someone@example.com',
      'xmpp:someone@example.com',
    ]) {
      expect(mayHaveAutolinkLiteral(md), md).toBe(true);
      expect(JSON.stringify(parse(full, md)), md).toContain('"type":"link"');
    }
    // Citations are not e-mail addresses.
    expect(mayHaveAutolinkLiteral('As [@jacot2018] and @neal1996 showed.')).toBe(false);
  });
});

/** Random Markdown lines from table rows, near misses and the containers a table can sit in, seeded. */
function randomTableMarkdown(seed: number): string {
  // mulberry32: every draw uses all 32 bits of the state.
  let s = seed;
  const rand = (n: number) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const prefixes = ['', '', '', '> ', '>', '  ', '   ', '    ', '\t', '- ', '1. ', '> > ', '> - '];
  const rows = [
    ...['| a | b |', 'a | b', '| a |', 'a |', '|a|b|', '$x|y$ | z', '`|` | c', 'a \\| b', '[[x|y]] | z'],
    ...['|---|---|', '--|--', ':-:|:-:', '| - |', ':-:', '-:', '| :--- | ---: |', '|-', '- | -', '---|'],
    ...['---', '-', '***', ':', '|', '', '', 'text', '# h', '~~~', '* * *', '-- :', 'a - b: c'],
  ];
  const lines: string[] = [];
  for (let i = 0, n = 2 + rand(6); i < n; i++) lines.push(prefixes[rand(prefixes.length)] + rows[rand(rows.length)]);
  return lines.join(rand(4) === 0 ? '\r\n' : '\n');
}

describe('GFM without tables, for notes that cannot have one', () => {
  it('parses Markdown with no possible delimiter row exactly as with tables', () => {
    let compared = 0;
    let tables = 0;
    for (let seed = 1; seed <= 6000; seed++) {
      const md = randomTableMarkdown(seed);
      const withTables = parse(lean, md);
      if (JSON.stringify(withTables).includes('"type":"table"')) {
        tables++;
        expect(mayHaveTable(md), md).toBe(true);
      }
      if (mayHaveTable(md)) continue;
      compared++;
      expect(parse(noTables, md), md).toEqual(withTables);
    }
    // Both sides are exercised: many tables were found (and sent to the parser with tables), many not.
    expect(tables).toBeGreaterThan(250);
    expect(compared).toBeGreaterThan(1000);
  });

  it('sends tables in blockquotes, in list items, without outer pipes and of one column to the parser with tables', () => {
    for (const md of [
      '| a | b |\n| --- | --- |\n| 1 | 2 |',
      'a | b\n:-|-:\n1 | 2',
      '| a |\n:-:',
      '> | a | b |\n> |---|---|',
      '> > a | b\n> > --|--',
      '- item\n\n  | a | b |\n  | - | - |',
      '1. a | b\n   --|--',
      '| a | b |\r\n| --- | --- |\r\n',
    ]) {
      expect(JSON.stringify(parse(lean, md)), md).toContain('"type":"table"');
      expect(mayHaveTable(md), md).toBe(true);
    }
    // In time linear in the line: a long run of spaces before a near miss once took seconds.
    const started = performance.now();
    expect(mayHaveTable(`${' '.repeat(50_000)}-|x\n${'>'.repeat(50_000)} -:x`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
    // Thematic breaks, heading underlines and prose dashes are not delimiter rows.
    for (const md of ['a\n---\nb', 'Title\n-----', 'x - y: z', '* * *', '- a\n- b'])
      expect(mayHaveTable(md), md).toBe(false);
  });
});

describe('notes parsed with and without autolink literals, in one build', () => {
  afterAll(removeCorpora);

  it('warns about the same formula in each note that has it, whichever parser the note needed', async () => {
    // Alpha (no autolink) renders the formula first; beta (an address) meets it in the shared cache.
    const dir = await corpus({
      'content/notes/alpha.md': baseline['content/notes/alpha.md'].replace('With $x', 'With $f′(x)$ and $x'),
      'content/notes/beta.md': baseline['content/notes/beta.md'].replace(
        'as @neal1996bayesian did.',
        'as @neal1996bayesian did (www.example.org): $f′(x)$.',
      ),
    });
    const strict = (await problemsOf(dir)).filter((p) => p.rule === 'math-strict').map((p) => p.file);
    expect(strict).toEqual(['content/notes/alpha.md', 'content/notes/beta.md']);
  });
});
