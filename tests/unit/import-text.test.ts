import { describe, expect, it } from 'vitest';
import { convertKramdownMath } from '../../src/lib/import/kramdown-math.ts';
import { removeKramdownMarkers } from '../../src/lib/import/kramdown.ts';
import { convertLiquid } from '../../src/lib/import/liquid.ts';
import { parseMarkdown } from '../../src/lib/import/markdown-tree.ts';
import { findingsOf, type PassResult } from '../../src/lib/import/report.ts';
import { applyEdits, lineColumn, removalRange } from '../../src/lib/import/text-edits.ts';

/** A pass's output text and every message it gives, as `offset message`. */
function run(text: string, pass: (t: string) => PassResult): { text: string; messages: string[] } {
  const { changes, findings } = pass(text);
  const out = applyEdits(text, changes);
  const all = [...findingsOf(out.applied), ...findings].sort((a, b) => a.at - b.at);
  return { text: out.text, messages: all.map((f) => `${f.at}${f.look ? ' look' : ''} ${f.message}`) };
}

describe('applyEdits', () => {
  it('replaces ranges, keeps the rest byte for byte, and maps new offsets back to old ones', () => {
    const out = applyEdits('a $$x$$ b', [{ start: 2, end: 7, insert: '$x$' }]);
    expect(out.text).toBe('a $x$ b');
    expect([0, 2, 4, 5, 6].map(out.back)).toEqual([0, 2, 2, 7, 8]);
  });

  it('drops an edit inside one already taken (removing a block wins over an edit in it)', () => {
    const out = applyEdits('# Title {#id}\nText', [
      { start: 8, end: 13, insert: '' },
      { start: 0, end: 14, insert: '' },
    ]);
    expect(out.text).toBe('Text');
    expect(out.applied).toHaveLength(1);
  });
});

describe('removalRange', () => {
  it.each([
    ['a whole line, with one of the blank lines around it', 'A\n\n{: .x}\n\nB', '{: .x}', 'A\n\nB'],
    ['a whole line between text lines', 'A\n{: .x}\nB', '{: .x}', 'A\nB'],
    ['a marker at the end of a line, with the spaces before it', '## Head {#h}\nB', '{#h}', '## Head\nB'],
    ['the last line of the text', 'A\n{:toc}', '{:toc}', 'A'],
  ])('removes %s', (_what, text, marker, expected) => {
    const start = text.indexOf(marker);
    const [from, to] = removalRange(text, start, start + marker.length);
    expect(text.slice(0, from) + text.slice(to)).toBe(expected);
  });
});

describe('lineColumn', () => {
  it.each([
    [0, { line: 1, column: 1 }],
    [3, { line: 2, column: 1 }],
    [5, { line: 2, column: 3 }],
  ])('places offset %i of "ab\\ncde" at %j', (offset, place) => {
    expect(lineColumn('ab\ncde', offset)).toEqual(place);
  });
});

const cite = { citeKeys: new Set(['jacot2018neural', 'neal1996bayesian']) };

describe('convertLiquid', () => {
  it.each([
    [
      'removes {% raw %} guards and keeps what they guard literally',
      '{% raw %}\n`{{ width }}`\n{% endraw %}\n',
      '`{{ width }}`\n',
      ['0 removed Liquid tag {% raw %}', '24 removed Liquid tag {% endraw %}'],
    ],
    [
      'removes the base URL from a link',
      '![a]({{ site.baseurl }}/img/x.png)',
      '![a](/img/x.png)',
      ['5 removed {{ site.baseurl }}: links here are relative to the site'],
    ],
    [
      'unwraps a relative_url filter',
      "[a]({{ '/notes/x/' | relative_url }})",
      '[a](/notes/x/)',
      ["4 Liquid {{ '/notes/x/' | relative_url }} written as /notes/x/"],
    ],
    [
      'reads post_url as a link to the post',
      '[a]({% post_url 2020-01-02-ntk %})',
      '[a](/_posts/2020-01-02-ntk.md)',
      ['4 Liquid {% post_url 2020-01-02-ntk %} read as a link to the post 2020-01-02-ntk'],
    ],
    [
      'reads link as a path from the folder',
      '[a]({% link notes/x.md %})',
      '[a](/notes/x.md)',
      ['4 Liquid {% link notes/x.md %} read as a link to notes/x.md'],
    ],
    [
      'writes a highlight block as a fenced code block',
      '{% highlight python %}\nx = 1\n{% endhighlight %}\n',
      '```python\nx = 1\n```\n',
      ['0 Liquid highlight block written as a fenced code block (```python)'],
    ],
    [
      'removes a comment with what it held',
      'A\n\n{% comment %} todo {% endcomment %}\n\nB',
      'A\n\nB',
      ['3 removed a Liquid comment (todo)'],
    ],
    [
      'converts a jekyll-scholar citation whose keys are in the bibliography',
      'As {% cite jacot2018neural neal1996bayesian %} show.',
      'As [@jacot2018neural; @neal1996bayesian] show.',
      ['3 {% cite jacot2018neural neal1996bayesian %} written as [@jacot2018neural; @neal1996bayesian]'],
    ],
    [
      'keeps a citation with an unknown key and names the nearest one',
      'See {% cite jacot2018neurl %}.',
      'See {% cite jacot2018neurl %}.',
      [
        '4 look {% cite jacot2018neurl %} kept as written: "jacot2018neurl" (did you mean "jacot2018neural"?) is not in content/references.bib; add the paper there and write [@key]',
      ],
    ],
    [
      'removes any other tag and asks the author to look',
      'A\n\n{% include figure.html path="x.png" %}\n\nB',
      'A\n\nB',
      [
        '3 look removed Liquid tag {% include figure.html path="x.png" %}: what it produced is not in the note; write it in Markdown if it mattered',
      ],
    ],
    [
      'keeps any other output and asks the author to look',
      'By {{ page.author }}.',
      'By {{ page.author }}.',
      ['3 look Liquid output {{ page.author }} kept as written: this site has no templates; replace it with text'],
    ],
    [
      'keeps Liquid inside code (it is the code) but says Jekyll would have run it',
      '```\n{% include x.html %}\n```',
      '```\n{% include x.html %}\n```',
      ['4 look Liquid {% include x.html %} inside code kept as written; Jekyll would have replaced it'],
    ],
  ])('%s', (_what, input, output, messages) => {
    expect(run(input, (t) => convertLiquid(t, cite))).toEqual({ text: output, messages });
  });
});

describe('convertKramdownMath', () => {
  it.each([
    [
      'writes inline $$ as $ (trimmed, so it is not read as a price)',
      'Let $$ x $$ be.',
      'Let $x$ be.',
      ['4 kramdown inline math $$ x $$ written as $…$'],
    ],
    [
      'puts a one-line display formula on lines of its own',
      'A\n\n$$x = 1$$\n\nB',
      'A\n\n$$\nx = 1\n$$\n\nB',
      ['3 display math $$x = 1$$ put on lines of its own'],
    ],
    [
      'splits a display formula written on its $$ lines, which would never close otherwise',
      '$$ \\begin{aligned}\na\n\\end{aligned} $$\n',
      '$$\n\\begin{aligned}\na\n\\end{aligned}\n$$\n',
      ['0 display math $$ \\begin{aligned} a \\end{aligned} $$ put on lines of its own'],
    ],
    [
      'reads $$ inside a paragraph as inline math, as kramdown does',
      'We have\n$$ x = y $$\nso on',
      'We have\n$x = y$\nso on',
      ['8 kramdown inline math $$ x = y $$ written as $…$'],
    ],
    ['leaves a display block already on its own lines as it is', 'A\n$$\nx\n$$\nB', 'A\n$$\nx\n$$\nB', []],
    ['leaves $$ in code alone', '`$$x$$` and\n\n```\n$$y$$\n```', '`$$x$$` and\n\n```\n$$y$$\n```', []],
    [
      'reports a $$ that is never closed',
      'Cost $$x',
      'Cost $$x',
      ['5 look a "$$" with no closing "$$" was left as written; close the formula or write \\$ for a dollar sign'],
    ],
  ])('%s', (_what, input, output, messages) => {
    expect(run(input, convertKramdownMath)).toEqual({ text: output, messages });
  });
});

describe('removeKramdownMarkers', () => {
  const pass = (text: string): PassResult => ({
    changes: removeKramdownMarkers(text, parseMarkdown(text)),
    findings: [],
  });
  it.each([
    [
      'the table of contents list and its {:toc}',
      '* TOC\n{:toc}\n\n## Intro',
      '## Intro',
      ['0 removed the kramdown table of contents (a "TOC" list and {:toc}); the site shows its own contents'],
    ],
    [
      'a block attribute list on its own line',
      'Para\n{: .note}\n\nNext',
      'Para\n\nNext',
      ['5 removed kramdown attribute list {: .note}'],
    ],
    ['a span attribute list', 'A *word*{:.red} here', 'A *word* here', ['8 removed kramdown attribute list {:.red}']],
    [
      'a heading id',
      '## The kernel {#kernel}\n',
      '## The kernel\n',
      ['14 removed kramdown heading id {#kernel} (links to it now go to the heading)'],
    ],
    [
      'an extension',
      '{::options parse_block_html="true" /}\n\nText',
      'Text',
      ['0 removed kramdown extension {::options parse_block_html="true" /}'],
    ],
    ['nothing in code', '`{: .x}`\n\n    {:toc}', '`{: .x}`\n\n    {:toc}', []],
  ])('removes %s', (_what, input, output, messages) => {
    expect(run(input, pass)).toEqual({ text: output, messages });
  });
});
