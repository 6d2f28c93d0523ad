import type { Link, Nodes, Parents } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { linkContextHtml } from '../../src/lib/link-context.ts';

const parser = unified().use(remarkParse).use(remarkMath);
const labelOf = (n: Nodes) => (n.type === 'link' ? toString(n) : undefined);
const renderMath = (tex: string) => `<m>${tex}</m>`;

/** The context of the link labelled `label` (default: the only link) in the first block of `markdown`. */
function context(markdown: string, label?: string, maxChars?: number): string {
  const tree = parser.parse(markdown);
  const block = tree.children[0] as Parents;
  let target: Link | undefined;
  visit(tree, 'link', (n: Link) => {
    if (!target && (label === undefined || toString(n) === label)) target = n;
  });
  if (!target) throw new Error(`no link ${label ?? ''} in ${markdown}`);
  return linkContextHtml(block, target, labelOf, renderMath, maxChars);
}

describe('linkContextHtml: the sentence around a link', () => {
  it.each([
    ['First. The [NTK](x) is a kernel. Last.', 'The <mark>NTK</mark> is a kernel.'],
    ['The [NTK](x) is a kernel.', 'The <mark>NTK</mark> is a kernel.'],
    ['[NTK](x)', '<mark>NTK</mark>'],
    ['Is it? Yes, the [NTK](x)! And more.', 'Yes, the <mark>NTK</mark>!'],
    ['Intro: The [NTK](x) matters. Next.', 'The <mark>NTK</mark> matters.'],
    ['(A sentence.) The [NTK](x) here.', 'The <mark>NTK</mark> here.'],
    ['He said "hi." The [NTK](x) here.', 'The <mark>NTK</mark> here.'],
    ['Done. 2 layers give the [NTK](x) here.', '2 layers give the <mark>NTK</mark> here.'],
    ['One. two [NTK](x). Three.', 'One. two <mark>NTK</mark>.'],
    ['Line one  \nline two [NTK](x).', 'Line one line two <mark>NTK</mark>.'],
    ['Before. **Bold [NTK](x) words** after. Done.', 'Bold <mark>NTK</mark> words after.'],
  ])('cuts %j to %j', (markdown, expected) => {
    expect(context(markdown)).toBe(expected);
  });

  it.each([
    ['We follow e.g. The [NTK](x) here. Next.', 'We follow e.g. The <mark>NTK</mark> here.'],
    ['Compare i.e. Lee and the [NTK](x). Next.', 'Compare i.e. Lee and the <mark>NTK</mark>.'],
    ['We follow Jacot et al. (2018) in the [NTK](x). Next.', 'We follow Jacot et al. (2018) in the <mark>NTK</mark>.'],
    ['As in Jacot et al. The [NTK](x) here.', 'As in Jacot et al. The <mark>NTK</mark> here.'],
    ['See Fig. 3 and the [NTK](x). Done.', 'See Fig. 3 and the <mark>NTK</mark>.'],
    ['See cf. Lee, then Eq. 4 and the [NTK](x). Done.', 'See cf. Lee, then Eq. 4 and the <mark>NTK</mark>.'],
    ['By J. Smith, the [NTK](x). Done.', 'By J. Smith, the <mark>NTK</mark>.'],
    ['Section 2.3 covers the [NTK](x). Done.', 'Section 2.3 covers the <mark>NTK</mark>.'],
  ])('does not end a sentence at an abbreviation, initial or decimal: %j', (markdown, expected) => {
    expect(context(markdown)).toBe(expected);
  });

  it.each([
    ['The loss is bounded by $M$. The [NTK](x) is a kernel.', 'The <mark>NTK</mark> is a kernel.'],
    ['The width is n. The [NTK](x) is a kernel.', 'The <mark>NTK</mark> is a kernel.'],
  ])('ends a sentence after a one-letter word or formula: %j', (markdown, expected) => {
    expect(context(markdown)).toBe(expected);
  });

  it('marks only the target when a sentence holds several links', () => {
    expect(context('Both [A](a) and [NTK](x) here.', 'NTK')).toBe('Both A and <mark>NTK</mark> here.');
  });

  it('finds the sentence of the target, not of an earlier link', () => {
    expect(context('See [GP](a). Then the [NTK](x) here.', 'NTK')).toBe('Then the <mark>NTK</mark> here.');
  });

  it('returns nothing when the target is not in the block', () => {
    const tree = parser.parse('A [link](x).\n\nOther.');
    const other = tree.children[1] as Parents;
    const link = (tree.children[0] as Parents).children[1] as Link;
    expect(linkContextHtml(other, link, labelOf, renderMath)).toBe('');
  });

  it('calls a target without a label "link"', () => {
    expect(context('An empty [](x) link.')).toBe('An empty <mark>link</mark> link.');
  });
});

describe('linkContextHtml: content', () => {
  it.each([
    ['The value $x.y$ and the [NTK](x) agree. Done.', 'The value <m>x.y</m> and the <mark>NTK</mark> agree.'],
    ['Use `a.b` and [NTK](x). Done.', 'Use <code>a.b</code> and <mark>NTK</mark>.'],
    ['A <b>&</b> [NTK](x) "q". Done.', 'A &amp; <mark>NTK</mark> &quot;q&quot;.'],
    ['A [NTK <x>](x) label.', 'A <mark>NTK &lt;x&gt;</mark> label.'],
    ['See ![img](a.png) the [NTK](x).', 'See the <mark>NTK</mark>.'],
    ['The *emphasised* [NTK](x) text.', 'The emphasised <mark>NTK</mark> text.'],
  ])('renders %j as %j (math rendered, code kept, HTML escaped, images dropped)', (markdown, expected) => {
    expect(context(markdown)).toBe(expected);
  });

  it('renders inline math through the callback, with KaTeX in the real pipeline', () => {
    const tree = parser.parse('With $\\alpha$ the [NTK](x) grows.');
    let target: Link | undefined;
    visit(tree, 'link', (n: Link) => {
      target = n;
    });
    const seen: string[] = [];
    linkContextHtml(tree.children[0] as Parents, target as Link, labelOf, (tex) => (seen.push(tex), ''));
    expect(seen).toEqual(['\\alpha']);
  });
});

describe('linkContextHtml: long sentences', () => {
  const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');

  it('trims both sides of a long sentence with …, keeping the link', () => {
    expect(context(`${words(0, 60)} [NTK](x) ${words(100, 60)}.`, undefined, 60)).toBe(
      '… w54 w55 w56 w57 w58 w59 <mark>NTK</mark> w100 w101 w102 w103 w104 …',
    );
  });

  it('trims only the start when the link ends the sentence', () => {
    expect(context(`Short. ${words(0, 60)} [NTK](x).`, undefined, 40)).toBe('… w56 w57 w58 w59 <mark>NTK</mark>.');
  });

  it('trims only the end when the link starts the sentence', () => {
    expect(context(`[NTK](x) ${words(0, 60)}.`, undefined, 40)).toBe('<mark>NTK</mark> w0 w1 w2 w3 w4 w5 …');
  });

  it('keeps a sentence that fits', () => {
    const text = `${words(0, 10)} [NTK](x).`;
    expect(context(text, undefined, 320)).toBe(`${words(0, 10)} <mark>NTK</mark>.`);
  });

  it('never cuts inside a word', () => {
    const html = context(`${words(0, 200)} [NTK](x) ${words(500, 200)}.`);
    const inner = html
      .replace(/^… /, '')
      .replace(/ …$/, '')
      .replace(/<\/?mark>/g, '');
    expect(inner.split(' ').every((w) => /^w\d+$|^NTK$/.test(w))).toBe(true);
    expect(html.length).toBeLessThanOrEqual(320 + '<mark></mark> … … '.length);
  });
});
