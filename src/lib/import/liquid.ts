import type { Change, Finding, PassResult } from './report.ts';
import { inRanges } from '../ranges.ts';
import { literalRanges, parseMarkdown } from './markdown-tree.ts';
import { snippet } from './report.ts';
import { citationFromKeys, missingKeys } from './citations.ts';
import { removalRange } from './text-edits.ts';

/**
 * Jekyll's Liquid, which runs before Markdown: tags (`{% … %}`) and outputs (`{{ … }}`). This site
 * has no template step, so the ones with a Markdown equivalent are converted (links to posts,
 * highlighted code, citations, the site's base URL) and the rest are removed or kept, each reported.
 */

export interface LiquidContext {
  /** Keys of the site's bibliography, for `{% cite key %}`. */
  citeKeys: ReadonlySet<string>;
}

const token = /\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

interface Tag {
  start: number;
  end: number;
  /** The words of a tag (`post_url`, `name`); undefined for an output. */
  words?: string[];
  /** The expression of an output `{{ … }}`. */
  output?: string;
}

function tagsOf(text: string): Tag[] {
  const tags: Tag[] = [];
  for (const m of text.matchAll(token)) {
    const start = m.index;
    const tag: Tag = { start, end: start + m[0].length };
    if (m[1] !== undefined) tag.words = m[1].split(/\s+/).filter(Boolean);
    else tag.output = m[2];
    tags.push(tag);
  }
  return tags;
}

const blockEnds: Record<string, string> = { raw: 'endraw', comment: 'endcomment', highlight: 'endhighlight' };

/** Converts or removes the Liquid of a text; code keeps its Liquid except the `{% raw %}` guards. */
export function convertLiquid(text: string, ctx: LiquidContext): PassResult {
  if (!text.includes('{%') && !text.includes('{{')) return { changes: [], findings: [] };
  const code = literalRanges(parseMarkdown(text, false));
  const tags = tagsOf(text);
  const changes: Change[] = [];
  const findings: Finding[] = [];
  const remove = (t: Tag, message?: string, look = false) => {
    const [start, end] = removalRange(text, t.start, t.end);
    changes.push({ start, end, insert: '', message, rule: 'liquid', look, at: t.start });
  };
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    const written = snippet(text.slice(t.start, t.end));
    const name = t.words?.[0];
    const close = name && blockEnds[name] ? tags.findIndex((u, j) => j > i && u.words?.[0] === blockEnds[name]) : -1;
    if (name === 'raw' || name === 'endraw') {
      // The guard goes; what it guarded is kept literally (no Liquid is read inside).
      remove(t, `removed Liquid tag ${written}`);
      if (close !== -1) {
        remove(tags[close], `removed Liquid tag ${snippet(text.slice(tags[close].start, tags[close].end))}`);
        i = close;
      }
    } else if (inRanges(code, t.start)) {
      findings.push({
        at: t.start,
        message: `Liquid ${written} inside code kept as written; Jekyll would have replaced it`,
        rule: 'liquid',
        look: true,
      });
    } else if (name === 'comment' && close !== -1) {
      const [start, end] = removalRange(text, t.start, tags[close].end);
      changes.push({
        start,
        end,
        insert: '',
        message: `removed a Liquid comment (${snippet(text.slice(t.end, tags[close].start).trim(), 40) || 'empty'})`,
        rule: 'liquid',
        at: t.start,
      });
      i = close;
    } else if (name === 'highlight' && close !== -1) {
      changes.push(...highlightFence(text, t, tags[close]));
      i = close;
    } else {
      changes.push(...inlineTag(t, written, ctx, remove, findings));
    }
  }
  return { changes, findings };
}

/** `{% highlight lang %}…{% endhighlight %}` as a fenced code block. */
function highlightFence(text: string, open: Tag, close: Tag): Change[] {
  const lang = open.words?.[1] ?? '';
  const before = open.start > 0 && text[open.start - 1] !== '\n' ? '\n' : '';
  const after = text[open.end] === '\n' ? '' : '\n';
  const closeBefore = text[close.start - 1] === '\n' ? '' : '\n';
  return [
    {
      start: open.start,
      end: open.end,
      insert: `${before}\`\`\`${lang}${after}`,
      message: `Liquid highlight block written as a fenced code block (\`\`\`${lang})`,
      rule: 'liquid',
    },
    { start: close.start, end: close.end, insert: `${closeBefore}\`\`\`` },
  ];
}

/** Tags and outputs that stand alone: links to posts and pages, citations, the base URL, the rest. */
function inlineTag(
  t: Tag,
  written: string,
  ctx: LiquidContext,
  remove: (t: Tag, message?: string, look?: boolean) => void,
  findings: Finding[],
): Change[] {
  const [name, arg] = t.words ?? [];
  if (name === 'post_url' && arg) {
    return [
      {
        start: t.start,
        end: t.end,
        insert: `/_posts/${arg}.md`,
        message: `Liquid ${written} read as a link to the post ${arg}`,
        rule: 'liquid',
      },
    ];
  }
  if (name === 'link' && arg) {
    return [
      {
        start: t.start,
        end: t.end,
        insert: `/${arg.replace(/^\/+/, '')}`,
        message: `Liquid ${written} read as a link to ${arg}`,
        rule: 'liquid',
      },
    ];
  }
  if (name === 'cite') return citeTag(t, written, ctx, findings);
  if (t.words) {
    remove(
      t,
      `removed Liquid tag ${written}: what it produced is not in the note; write it in Markdown if it mattered`,
      true,
    );
    return [];
  }
  const expr = t.output ?? '';
  if (/^site\.(baseurl|url)$/.test(expr)) {
    return [
      {
        start: t.start,
        end: t.end,
        insert: '',
        message: `removed ${written}: links here are relative to the site`,
        rule: 'liquid',
      },
    ];
  }
  const urlFilter = /^(['"])(.*?)\1\s*\|\s*(relative_url|absolute_url)$/.exec(expr);
  if (urlFilter)
    return [
      {
        start: t.start,
        end: t.end,
        insert: urlFilter[2],
        message: `Liquid ${written} written as ${urlFilter[2]}`,
        rule: 'liquid',
      },
    ];
  findings.push({
    at: t.start,
    message: `Liquid output ${written} kept as written: this site has no templates; replace it with text`,
    rule: 'liquid',
    look: true,
  });
  return [];
}

/** jekyll-scholar's `{% cite a b %}` as `[@a; @b]`, when every key is in the bibliography. */
function citeTag(t: Tag, written: string, ctx: LiquidContext, findings: Finding[]): Change[] {
  const words = (t.words ?? []).slice(1);
  const flag = words.findIndex((w) => w.startsWith('-'));
  const keys = flag === -1 ? words : words.slice(0, flag);
  const { cite, missing } = citationFromKeys(keys, ctx.citeKeys);
  if (!cite) {
    findings.push({
      at: t.start,
      message:
        `${written} kept as written: ${missingKeys(missing, ctx.citeKeys)}; ` + 'add the paper there and write [@key]',
      rule: 'citation',
      look: true,
    });
    return [];
  }
  return [{ start: t.start, end: t.end, insert: cite, message: `${written} written as ${cite}`, rule: 'citation' }];
}
