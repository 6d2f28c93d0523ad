import { existsSync, readFileSync } from 'node:fs';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';
import { normalizeName } from '../../src/lib/link-resolver.ts';

/**
 * The knowledge base must cover every section of the user's source notes. Each heading of the
 * export (a copy is kept in tests/fixtures/source/) is listed with the note and heading that cover
 * it; the test fails if a listed note or heading is missing, and if the source gains a heading that
 * is not listed here.
 */
const SOURCE = new URL('../fixtures/source/dl-theory-notes.txt', import.meta.url);
/** Where the user's export lives on the authors' machines; when present, the copy must match it. */
const ORIGINAL = new URL('../../../shared/source/dl-theory-notes.txt', import.meta.url);

/** Source heading → [note slug, heading in that note or undefined for the whole note]. */
const COVERAGE: Record<string, [string, string?]> = {
  'dl theory view markdown': ['deep-learning-theory'],
  'off convex blog': ['deep-learning-theory'],
  'theoretical studies': ['deep-learning-theory', 'Theoretical studies'],
  'DNNs display many surprising properties': ['deep-learning-theory', 'Why deep networks are puzzling'],
  'some more concrete questions:': ['deep-learning-theory', 'Open questions'],
  'functional approximation': ['functional-approximation'],
  'inductive bias=implicit regularization: gradient descent finds good minima': ['implicit-regularization'],
  'semantic biases: what correlations will a net learn?': ['semantic-biases'],
  'expressiveness: what can a dnn represent?': ['expressiveness'],
  'complexity + generalization: dnns are low-rank / redundant parameters': ['low-rank-and-redundancy'],
  'nearest neighbor comparisons': ['nearest-neighbor-comparisons'],
  'random projections': ['random-projections'],
  'implicit dl + optimization': ['implicit-deep-learning'],
  'statistical physics': ['statistical-mechanics'],
  'empirical studies': ['deep-learning-theory', 'Empirical studies'],
  'interesting empirical papers': ['interesting-empirical-papers'],
  'adversarial + robustness': ['adversarial-examples'],
  'tools for analyzing': ['analysis-tools'],
  'misc theoretical areas': ['misc-theoretical-areas'],
  'comparing representations': ['comparing-representations'],
  'simple papers': ['simple-models'],
  'adam vs sgd': ['adam-vs-sgd'],
  'memorization background': ['memorization'],
  'probabilistic inference': ['probabilistic-inference'],
  'architecture search background': ['architecture-search'],
  'bagging and boosting': ['bagging-and-boosting'],
};

/** Sub-topics inside bullets that the source treats as topics of their own. */
const SUBTOPICS: Record<string, [string, string?]> = {
  'early stopping is very similar to ridge regression': ['early-stopping-and-ridge'],
  'in high dims, local minima are usually saddles': ['saddles-and-pl-condition'],
  'PL condition': ['saddles-and-pl-condition'],
  'neural tangent kernel (jacot et al. 2018)': ['infinite-width-limits'],
  'Kernel and Deep Regimes in Overparametrized Models': ['kernel-and-rich-regimes'],
  'robust optimization basics': ['robust-optimization'],
  'Neural Mechanics': ['neural-mechanics'],
  'certifying robustness': ['certified-robustness'],
  'unlabeled data + self-training helps': ['robustness-accuracy-tradeoff'],
  'distributional robust optimization': ['distributionally-robust-optimization'],
  'domain adaptation': ['domain-adaptation'],
  'visualizing loss landscape': ['loss-landscape-visualization'],
};

/** The source's headings: non-empty lines that are not bullets (• or numbered) or running text. */
function sourceHeadings(): string[] {
  return readFileSync(SOURCE, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('•') && !/^\d+\. /.test(l) && !/^Deep learning theory is|^DL learns|^Many things seem/.test(l));
}

const notes = new Map(
  (await glob('content/notes/**/*.md')).map((f) => {
    const split = splitFrontmatter(readFileSync(f, 'utf8'));
    const headings = [...split.body.matchAll(/^#{2,4} (.+)$/gm)].map((m) => normalizeName(m[1]));
    return [f.split('/').pop()!.replace(/\.md$/, ''), { headings, body: split.body }];
  }),
);

describe('coverage of the source notes', () => {
  it.skipIf(!existsSync(ORIGINAL))('keeps the copy of the source identical to the user\'s export', () => {
    expect(readFileSync(SOURCE, 'utf8')).toBe(readFileSync(ORIGINAL, 'utf8'));
  });

  it('lists every heading of the source', () => {
    expect(sourceHeadings().filter((h) => !(h in COVERAGE))).toEqual([]);
  });

  it.each(Object.entries({ ...COVERAGE, ...SUBTOPICS }))('covers "%s" with a note (and heading)', (_topic, [slug, heading]) => {
    const note = notes.get(slug);
    expect(note, `no note ${slug}`).toBeDefined();
    if (heading) expect(note!.headings, `${slug} has no heading "${heading}"`).toContain(normalizeName(heading));
    expect(note!.body.split(/\s+/).length, `${slug} is too short to cover a topic`).toBeGreaterThan(300);
  });

  it('mentions every paper title the source names', () => {
    const titles = [
      'Inferring Hidden Statuses and Actions in Video by Causal Reasoning',
      'Scaling description of generalization with number of parameters in deep learning',
      'On the Inductive Bias of Neural Tangent Kernels',
      'Kernel and Deep Regimes in Overparametrized Models',
      'The HSIC Bottleneck',
      'Fenchel Lifted Networks',
      'Certifying Some Distributional Robustness with Principled Adversarial Training',
      'On Distributionally Robust Chance-Constrained Linear Programs',
      'Differentiable Convex Optimization Layers',
      'Statistical Mechanics of Deep Learning',
      'Neural Mechanics',
      'Generalizability vs. Robustness',
      'Towards Robust Interpretability with Self-Explaining Neural Networks',
      'Adversarial Attacks and Defenses in Images, Graphs and Text',
      'AugMix',
      'Auto-encoders: reconstruction versus compression',
    ];
    const bib = readFileSync('content/references.bib', 'utf8').toLowerCase();
    const text = [...notes.values()].map((n) => n.body).join('\n').toLowerCase();
    const missing = titles.filter((t) => !bib.includes(t.toLowerCase().slice(0, 30)) && !text.includes(t.toLowerCase().slice(0, 30)));
    expect(missing).toEqual([]);
  });
});
