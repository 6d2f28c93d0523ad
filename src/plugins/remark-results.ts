import type { ContainerDirective } from 'mdast-util-directive';
import type { Link, Nodes, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { didYouMean } from '../lib/problems.ts';
import {
  EQUATION_LABEL,
  isResultKind,
  PROOF,
  RESULT_KINDS,
  RESULT_LABEL,
  resultName,
  type NoteResult,
} from '../lib/results.ts';
import { numberEquation, type Claim } from './equation-numbers.ts';
import { inFile, noteData, report, startOf } from './note-file.ts';
import { plainText } from './plain-text.ts';

/**
 * Result blocks and numbered equations. A block is a remark-directive container:
 *
 *     :::theorem[PL implies a linear rate [@karimi2016linear]]{#pl-linear-rate}
 *     Statement, with its hypotheses.
 *     :::
 *
 *     :::proof
 *     Argument. (Attached to the result before it; folded; ends with a tombstone.)
 *     :::
 *
 * Each result is numbered per note and kind ("Theorem 2") and renders as
 * `<section id="<label>" data-result-kind="<kind>">` with a heading holding its number, title and
 * attribution, its statement, and a slot for the places that use it (filled when pages are built).
 * A display formula with `\label{eq:…}` is numbered, tagged "(n)" and given that id.
 * Problems: unknown kinds, bad or duplicate labels, a proof with nothing to prove.
 */
export default function remarkResults() {
  return (tree: Root, file: VFile) => {
    const data = noteData(file);
    const results: NoteResult[] = (data.results = []);
    const equations: { label: string; number: number; line: number }[] = (data.equations = []);
    const counters = new Map<string, number>();
    const labels = new Map<string, number>();
    let last: NoteResult | undefined;
    let headingDepth = 1;

    const claim = (label: string, node: Nodes): boolean => {
      const first = labels.get(label);
      if (first !== undefined) {
        report(
          file,
          startOf(node),
          `duplicate label "${label}" (first used on line ${first}); every result and equation needs its own label`,
          'duplicate-label',
        );
        return false;
      }
      labels.set(label, inFile(data, startOf(node)).line);
      return true;
    };

    visit(tree, (node) => {
      if (node.type === 'heading') headingDepth = node.depth;
      else if (node.type === 'math') numberEquation(node, file, equations, claim);
      else if (node.type === 'containerDirective') {
        if (node.name === PROOF) attachProof(node, last, file);
        else if (isResultKind(node.name)) last = resultBlock(node, file, counters, headingDepth, claim, results);
        else {
          const known = [...Object.keys(RESULT_KINDS), PROOF];
          report(
            file,
            startOf(node),
            `unknown block ":::${node.name}".${didYouMean(node.name, known)} Blocks: ${known.join(', ')}`,
            'unknown-result-kind',
          );
          node.data = { hName: 'div', hProperties: { className: ['result-unknown'] } };
        }
      }
    });
  };
}

/** The `[label]` paragraph of a directive, taken out of its children. */
function takeLabel(node: ContainerDirective): PhrasingContent[] {
  const first = node.children[0];
  if (first?.type === 'paragraph' && first.data && (first.data as { directiveLabel?: boolean }).directiveLabel) {
    node.children.shift();
    return (first as Paragraph).children;
  }
  return [];
}

function isCiteGroup(n: PhrasingContent): boolean {
  const cls = (n.data as { hProperties?: { className?: string[] } } | undefined)?.hProperties?.className;
  return Array.isArray(cls) && cls.includes('cite-group');
}

/** An element made from mdast data (remark-rehype turns unknown nodes with hName into elements). */
function element(
  hName: string,
  className: string[],
  children: (PhrasingContent | RootContent)[],
  extra: Record<string, unknown> = {},
): RootContent {
  return {
    type: 'resultPart',
    data: { hName, hProperties: { className, ...extra } },
    children,
  } as unknown as RootContent;
}

/** The block's label: the author's `{#label}` when it is valid and free, else `<kind>-<number>`. */
function resultLabel(node: ContainerDirective, file: VFile, kind: string, number: number, claim: Claim) {
  const place = startOf(node);
  const { id, ...others } = node.attributes ?? {};
  for (const name of Object.keys(others)) {
    const message = `unknown attribute "${name}" on :::${kind}: only a label is allowed, as {#label}`;
    report(file, place, message, 'result-attribute');
  }
  let label = `${kind}-${number}`;
  const labelled = typeof id === 'string' && id !== '';
  if (labelled) {
    if (EQUATION_LABEL.test(id) || !RESULT_LABEL.test(id)) {
      const message =
        `label "${id}" is not a result label: ` +
        'use lowercase words joined by "-", such as {#pl-linear-rate} (the eq: prefix is for equations)';
      report(file, place, message, 'bad-label');
    } else if (claim(id, node)) label = id;
  }
  return { label, labelled };
}

/**
 * The block's heading: its name and number, its title and its attribution, taken from the directive's
 * label. It reads "Theorem 2 — PL implies a linear rate (Karimi et al., 2016)", in search results too.
 */
function resultHeading(
  node: ContainerDirective,
  kind: keyof typeof RESULT_KINDS,
  number: number,
  label: string,
  headingDepth: number,
) {
  const titleParts = takeLabel(node);
  const attribution = titleParts.filter(isCiteGroup);
  const title = titleParts.filter((n) => !isCiteGroup(n));
  const last = title[title.length - 1];
  if (last?.type === 'text') last.value = last.value.trimEnd();
  const titleText = plainText(title);
  const name = resultName(kind, number);
  const anchor: Link = {
    type: 'link',
    url: `#${label}`,
    children: [],
    data: { hProperties: { className: ['heading-anchor'], ariaLabel: `Link to ${name}` } },
  };
  const heading = element(
    `h${Math.min(headingDepth + 1, 6)}`,
    ['result-heading'],
    [
      element('span', ['result-name'], [{ type: 'text', value: name }]),
      ...(titleText
        ? [{ type: 'text', value: ' — ' } as PhrasingContent, element('span', ['result-title'], title)]
        : []),
      ...(attribution.length
        ? [{ type: 'text', value: ' ' } as PhrasingContent, element('span', ['result-by'], attribution)]
        : []),
      anchor,
    ],
    { id: `${label}-title` },
  );
  return { heading, titleText };
}

function resultBlock(
  node: ContainerDirective,
  file: VFile,
  counters: Map<string, number>,
  headingDepth: number,
  claim: Claim,
  results: NoteResult[],
): NoteResult {
  const kind = node.name as keyof typeof RESULT_KINDS;
  const number = (counters.get(kind) ?? 0) + 1;
  counters.set(kind, number);
  const place = startOf(node);
  const { label, labelled } = resultLabel(node, file, kind, number, claim);
  const { heading, titleText } = resultHeading(node, kind, number, label, headingDepth);
  const body = element('div', ['result-body'], node.children);
  // Filled in when pages are built, with the places that reference this result.
  const usedIn = element('div', ['used-in-slot'], [], { dataUsedIn: label });
  node.children = [heading, body, usedIn] as never;
  node.data = {
    hName: 'section',
    hProperties: {
      id: label,
      className: ['result', `result-${kind}`],
      dataResultKind: kind,
      dataResultNumber: String(number),
      ariaLabelledby: `${label}-title`,
    },
  };
  const result: NoteResult = {
    label,
    kind,
    number,
    title: titleText,
    statementHtml: '',
    labelled,
    line: inFile(noteData(file), place).line,
  };
  results.push(result);
  return result;
}

function attachProof(node: ContainerDirective, last: NoteResult | undefined, file: VFile): void {
  if (!last) {
    report(
      file,
      startOf(node),
      'a :::proof with no result before it: put it right after the :::theorem (or lemma, …) it proves',
      'orphan-proof',
    );
  }
  const label = toString({ type: 'paragraph', children: takeLabel(node) }).trim() || 'Proof';
  const summary = last ? `${label} of ${resultName(last.kind, last.number)}` : label;
  const children = node.children as RootContent[];
  const tombstone = element('span', ['qed'], [{ type: 'text', value: '∎' }], {
    role: 'img',
    ariaLabel: 'End of proof',
  }) as unknown as PhrasingContent;
  const tail = children[children.length - 1];
  if (tail?.type === 'paragraph') tail.children.push({ type: 'text', value: ' ' }, tombstone);
  else children.push({ type: 'paragraph', children: [tombstone] });
  node.children = [
    element('summary', ['proof-summary'], [{ type: 'text', value: summary }]),
    element('div', ['proof-body'], children),
  ] as never;
  node.data = {
    hName: 'details',
    hProperties: { className: ['proof'], dataResultKind: PROOF, ...(last ? { dataProofOf: last.label } : {}) },
  };
}
