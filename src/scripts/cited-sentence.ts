/**
 * A paper's "Cited in" list links to the citation itself (`#cite-<key>-<n>`): highlight the
 * sentence around it, so the reader lands on the claim the paper supports, not just the paragraph.
 * Uses the CSS Custom Highlight API (no change to the page's DOM); where a browser lacks it, the
 * whole paragraph is marked instead.
 */
const BLOCK = 'p, li, td, th, dd, blockquote, figcaption, h2, h3, h4, .result-heading, summary';
/** Rendered formulas and hidden helper text count as one character each: they never end a sentence. */
const ATOMIC = '.katex, .math-words, .math-tex, .katex-error';

interface Piece {
  node: Node;
  text: string;
  atomic: boolean;
}

function pieces(block: Element): Piece[] {
  const out: Piece[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element && node.matches(ATOMIC)) {
      if (node.matches('.katex, .katex-error')) out.push({ node, text: 'x', atomic: true });
      return;
    }
    if (node.nodeType === Node.TEXT_NODE) out.push({ node, text: node.nodeValue ?? '', atomic: false });
    for (const child of node.childNodes) walk(child);
  };
  walk(block);
  return out;
}

/** A DOM position for character `at` of the joined text (an atomic piece is kept whole). */
function position(list: Piece[], at: number, end: boolean): [Node, number] | [Node, 'before' | 'after'] {
  let offset = 0;
  for (const p of list) {
    if (at < offset + p.text.length || (end && at === offset + p.text.length)) {
      if (p.atomic) return [p.node, end ? 'after' : 'before'];
      return [p.node, at - offset];
    }
    offset += p.text.length;
  }
  const last = list[list.length - 1];
  return [last.node, last.atomic ? 'after' : last.text.length];
}

function sentenceRange(cite: Element, block: Element): Range | undefined {
  if (typeof Intl.Segmenter !== 'function') return undefined;
  const list = pieces(block);
  const text = list.map((p) => p.text).join('');
  let at = 0;
  for (const p of list) {
    if (cite.contains(p.node)) break;
    at += p.text.length;
  }
  const segments = new Intl.Segmenter(document.documentElement.lang || 'en', { granularity: 'sentence' }).segment(text);
  const sentence = segments.containing(at);
  if (!sentence) return undefined;
  const range = document.createRange();
  const set = (where: 'start' | 'end', [node, offset]: ReturnType<typeof position>) => {
    if (offset === 'before') where === 'start' ? range.setStartBefore(node) : range.setEndBefore(node);
    else if (offset === 'after') where === 'start' ? range.setStartAfter(node) : range.setEndAfter(node);
    else where === 'start' ? range.setStart(node, offset) : range.setEnd(node, offset);
  };
  set('start', position(list, sentence.index, false));
  set('end', position(list, sentence.index + sentence.segment.trimEnd().length, true));
  return range;
}

function highlight(): void {
  const registry = (globalThis.CSS as { highlights?: Map<string, unknown> } | undefined)?.highlights;
  registry?.delete('cited');
  for (const el of document.querySelectorAll('.cited-block')) el.classList.remove('cited-block');
  const id = decodeURIComponent(location.hash.slice(1));
  const cite = id.startsWith('cite-') ? document.getElementById(id) : null;
  const block = cite?.closest(BLOCK);
  if (!cite || !block) return;
  const range = registry && typeof Highlight === 'function' ? sentenceRange(cite, block) : undefined;
  if (range && registry) registry.set('cited', new Highlight(range));
  else block.classList.add('cited-block');
  cite.scrollIntoView({ block: 'center' });
}

export function initCitedSentence(): void {
  highlight();
  addEventListener('hashchange', highlight);
}
