import { RESULT_KINDS } from './results.ts';

/**
 * Search results that say what they are. A page's kind, year and venue come from its Pagefind
 * metadata; a match inside a page (a Pagefind sub-result: a heading with an id) is a Section, or a
 * Theorem, Definition, … when the heading is a result block's ("Theorem 2 — PL implies a linear
 * rate"; src/plugins/remark-results.ts writes it so). Pagefind's result template only passes a
 * sub-result's title, URL and excerpt, so the labelled sub-results travel in the page's metadata
 * as `parts`, chosen the way Pagefind chooses the sub-results it shows.
 */

/** The parts of a sub-result this file reads (Pagefind's result data). */
export interface SubResultData {
  title: string;
  url: string;
  excerpt: string;
  locations?: number[];
}

/** A sub-result with its label, as the result template shows it. */
export interface LabelledPart {
  kind: string;
  title: string;
  url: string;
  excerpt: string;
}

/** The parts of a result this file reads and extends. */
export interface LabelledData {
  url: string;
  meta: Record<string, unknown>;
  sub_results?: SubResultData[];
}

const RESULT_NAME = new RegExp(`^(${Object.values(RESULT_KINDS).join('|')}) \\d+(?:\\s|$)`);

/** "Theorem" for "Theorem 2 — …", "Section" for any other heading. */
export function partKind(title: string): string {
  return RESULT_NAME.exec(title.trim())?.[1] ?? 'Section';
}

/**
 * The sub-results a result shows, as Pagefind's Component UI picks them (thinSubResults): without
 * the one for the page itself (its top, before the first heading), at most `max`, those with the
 * most matches, in page order.
 */
export function shownParts(pageUrl: string, subs: readonly SubResultData[], max = 3): SubResultData[] {
  const rest = subs[0]?.url === pageUrl ? subs.slice(1) : [...subs];
  if (rest.length <= max) return rest;
  const keep = new Set(
    [...rest]
      .sort((a, b) => (b.locations?.length ?? 0) - (a.locations?.length ?? 0))
      .slice(0, max)
      .map((s) => s.url),
  );
  return rest.filter((s) => keep.has(s.url));
}

/** A result's data with its labelled parts added to its metadata (the data itself is left as it was). */
export function labelResult<T extends LabelledData>(data: T, max = 3): T & { meta: { parts: LabelledPart[] } } {
  const pageUrl = typeof data.meta.url === 'string' ? data.meta.url : data.url;
  const parts: LabelledPart[] = shownParts(pageUrl, data.sub_results ?? [], max).map((s) => ({
    kind: partKind(s.title),
    title: s.title,
    url: s.url,
    excerpt: s.excerpt,
  }));
  return { ...data, meta: { ...data.meta, parts } };
}

/** How a labelled link starts: the kind as a badge, inside the link so it is part of the link's name. */
const badge = (kind: string) => `<span class="search-kind" data-kind="{{ ${kind} | lowercase }}">{{ ${kind} }}</span> `;

const pageBadge = `{{#if meta.kind}}${badge('meta.kind')}{{/if}}`;

/** A context line's parts, each shown only when the page has it. */
const context = ['context', 'venue', 'year']
  .map((k) => `{{#if meta.${k}}}<span>{{ meta.${k} }}</span>{{/if}}`)
  .join('');

/**
 * Pagefind's result template (its built-in one, https://pagefind.app/docs/components/results/) with
 * the kind before each title, a line of context (a paper's authors, venue and year; an author's or
 * a tag's counts) and a label on each match inside the page. The
 * class names are Pagefind's, so its styles, keyboard navigation and the site's tests still apply.
 * Without `meta.parts` (the search wrapper in src/scripts/search.ts did not run) the sub-results
 * are shown as Pagefind shows them.
 */
export const RESULT_TEMPLATE = `<li class="pf-result">
  <div class="pf-result-card">
    <div class="pf-result-content">
      <p class="pf-result-title">
        <a class="pf-result-link" href="{{ meta.url | default(url) | safeUrl }}">${pageBadge}{{ meta.title }}</a>
      </p>
      {{#if or(meta.context, meta.venue, meta.year)}}<p class="search-context">${context}</p>{{/if}}
      {{#if excerpt}}<p class="pf-result-excerpt">{{+ excerpt +}}</p>{{/if}}
    </div>
  </div>
  {{#if meta.parts}}
  <ul class="pf-heading-chips search-parts">
    {{#each meta.parts as sub}}
    <li class="pf-heading-chip">
      <a class="pf-heading-link" href="{{ sub.url | safeUrl }}">${badge('sub.kind')}{{ sub.title }}</a>
      <p class="pf-heading-excerpt">{{+ sub.excerpt +}}</p>
    </li>
    {{/each}}
  </ul>
  {{:else}}
  {{#if sub_results}}
  <ul class="pf-heading-chips">
    {{#each sub_results as sub}}
    <li class="pf-heading-chip">
      <a class="pf-heading-link" href="{{ sub.url | safeUrl }}">{{ sub.title }}</a>
      <p class="pf-heading-excerpt">{{+ sub.excerpt +}}</p>
    </li>
    {{/each}}
  </ul>
  {{/if}}
  {{/if}}
</li>`;
