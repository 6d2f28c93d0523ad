import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, removeCorpora } from '../helpers/corpus.ts';

/**
 * `npm run import` on the fixture folder (tests/fixtures/import/notes-folder: a Jekyll site, an
 * Obsidian vault, a Quartz folder and plain notes) into a copy of the small baseline content, as
 * an author runs it: the report line of each shape, the files written, the checks, the exit codes.
 */

const root = resolve(import.meta.dirname, '../..');
const folder = 'tests/fixtures/import/notes-folder';
const source = (path: string) => join(root, folder, path);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the import CLI with the Node running the tests, into the content root `dir`. */
function runImport(dir: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'src/cli/import.ts'), ...args], { cwd: root, env: { ...process.env, DLT_CONTENT_ROOT: dir }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Paths and bytes of every file under a folder. */
function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name)).sort()) {
    hash.update(e.slice(dir.length)).update(readFileSync(e));
  }
  return hash.digest('hex');
}

afterAll(removeCorpora);

describe('npm run import on a folder with every shape', () => {
  let dir: string;
  let run: Run;
  const note = (slug: string) => readFileSync(join(dir, 'content/notes', `${slug}.md`), 'utf8');

  beforeAll(async () => {
    dir = await corpus();
    run = await runImport(dir, folder);
  });

  it.each([
    ['Jekyll frontmatter: layout, permalink and toc dropped', '_posts/2020-01-02-neural-tangent-kernel.md:2:1  dropped frontmatter key "layout" (the site has no such key)  [dropped-key]'],
    ['', '_posts/2020-01-02-neural-tangent-kernel.md:7:1  dropped frontmatter key "permalink" (the site has no such key)  [dropped-key]'],
    ['', '_posts/2020-01-02-neural-tangent-kernel.md:8:1  dropped frontmatter key "toc" (the site has no such key)  [dropped-key]'],
    ['the section from the categories', '_posts/2020-01-02-neural-tangent-kernel.md:5:1  section "theory" taken from "theory"  [section]'],
    ['a tag that is not in the taxonomy', '_posts/2020-01-02-neural-tangent-kernel.md:6:1  warning  tag "NTK" is not in content/tags.yml and was dropped; add it there with a description to keep it  [tags]'],
    ['a tag matched by its title', '_posts/2020-01-02-neural-tangent-kernel.md:6:1  tag "Optimization" written as "optimization"  [tags]'],
    ['the date', '_posts/2020-01-02-neural-tangent-kernel.md:4:1  updated: 2020-01-02 (from "date")  [updated]'],
    ['the TOC list and {:toc}', '_posts/2020-01-02-neural-tangent-kernel.md:12:1  removed the kramdown table of contents (a "TOC" list and {:toc}); the site shows its own contents  [kramdown]'],
    ['an attribute list', '_posts/2020-01-02-neural-tangent-kernel.md:16:1  removed kramdown attribute list {: .lead}  [kramdown]'],
    ['a heading id', '_posts/2020-01-02-neural-tangent-kernel.md:18:33  removed kramdown heading id {#kernel-at-init} (links to it now go to the heading)  [kramdown]'],
    ['kramdown inline math', '_posts/2020-01-02-neural-tangent-kernel.md:15:20  kramdown inline math $$f(x; \\theta)$$ written as $…$  [math]'],
    ['a display formula on its $$ lines', "_posts/2020-01-02-neural-tangent-kernel.md:22:1  display math $$ \\Theta(x, x') = \\nabla_\\theta f(x; \\… put on lines of its own  [math]"],
    ['a Liquid include', '_posts/2020-01-02-neural-tangent-kernel.md:30:1  warning  removed Liquid tag {% include figure.html path="assets/img/ntk-spect…: what it produced is not in the note; write it in Markdown if it mattered  [liquid]'],
    ['{{ site.baseurl }}', '_posts/2020-01-02-neural-tangent-kernel.md:32:41  removed {{ site.baseurl }}: links here are relative to the site  [liquid]'],
    ['{% raw %}', '_posts/2020-01-02-neural-tangent-kernel.md:39:1  removed Liquid tag {% raw %}  [liquid]'],
    ['post_url', '_posts/2020-01-02-neural-tangent-kernel.md:36:176  Liquid {% post_url 2020-02-10-lazy-training %} read as a link to the post 2020-02-10-lazy-training  [liquid]'],
    ['a known distill citation', '_posts/2020-01-02-neural-tangent-kernel.md:15:242  <d-cite key="jacot2018neural"></d-cite> written as [@jacot2018neural]  [citation]'],
    ['an unknown distill citation', '_posts/2020-02-10-lazy-training.md:10:170  warning  <d-cite key="jacot2018neural,chizat2019lazy"></d-cite> kept as written: "chizat2019lazy" is not in content/references.bib; add the paper there and write [@key]  [citation]'],
    ['an unknown jekyll-scholar citation', '_posts/2020-02-10-lazy-training.md:23:99  warning  {% cite mei2018mean %} kept as written: "mei2018mean" is not in content/references.bib; add the paper there and write [@key]  [citation]'],
    ['a Jekyll permalink with an anchor', '_posts/2020-02-10-lazy-training.md:14:129  link [the NTK note](/notes/ntk/#kernel-at-init) written as [[neural-tangent-kernel#The kernel at initializat…  [link]'],
    ['{{ site.title }}', '_posts/2020-02-10-lazy-training.md:14:254  warning  Liquid output {{ site.title }} kept as written: this site has no templates; replace it with text  [liquid]'],
    ['a highlight block', '_posts/2020-02-10-lazy-training.md:16:1  Liquid highlight block written as a fenced code block (```python)  [liquid]'],
    ['a Liquid comment', '_posts/2020-02-10-lazy-training.md:21:1  removed a Liquid comment (Add the Hessian argument.)  [liquid]'],
    ['last_modified_at over date', '_posts/2020-02-10-lazy-training.md:5:1  updated: 2020-03-01 (from "last_modified_at")  [updated]'],
    ['an Obsidian wikilink to a heading, with its words', 'obsidian/Gradient Flow.md:10:89  wikilink [[Implicit Bias#Separable data|the implicit bias … written as [[implicit-bias#Separable data|the implicit bias …  [wikilink]'],
    ['an Obsidian link to a Unicode name', 'obsidian/Gradient Flow.md:14:10  wikilink [[Über Kernels]] written as [[über-kernels]]  [wikilink]'],
    ['an Obsidian image embed', 'obsidian/Gradient Flow.md:12:1  embedded image ![[margin.svg|The max-margin separator of two classes]] copied to content/figures/margin.svg and written as ![The max-margin separator of two classes](../figures/margin.svg)  [image]'],
    ['the title from the first heading', 'obsidian/Gradient Flow.md:1:1  title "Gradient flow" taken from the first heading, which was removed (the page shows the title above the note)  [title]'],
    ['the title from the file name', 'plain/mean_field_limit.md:1:1  title "Mean field limit" taken from the file name  [title]'],
    ['a note with only math', 'plain/only-math.md:1:1  warning  the note has no paragraph to take a summary from; the summary says only what the note is about: write one or two sentences  [summary]'],
    ['a case-colliding name', 'plain/sharpness.md:1:1  the slug "sharpness" is taken by "plain/Sharpness.md"; imported as content/notes/sharpness-2.md  [slug]'],
    ['one name in two folders', 'quartz/content/overview.md:1:1  the slug "overview" is taken by "plain/overview.md"; imported as content/notes/content-overview.md  [slug]'],
    ['a relative link with an encoded space and an anchor', 'plain/pl-condition.md:8:35  link [gradient flow](../obsidian/Gradient%20Flow.md#co… written as [[gradient-flow#Convergence|gradient flow]]  [link]'],
    ['a link to the .html page', 'plain/overview.md:3:147  link [mean-field limit](mean_field_limit.html) written as [[mean_field_limit|mean-field limit]]  [link]'],
    ['a link to a missing file', 'plain/pl-condition.md:22:36  warning  link [its own note](benign-overfitting.md) kept as written: "plain/benign-overfitting.md" is not in the folder; import or publish it, or remove the link (the checks report links to missing notes)  [unresolved-link]'],
    ['a local png', 'plain/pl-condition.md:10:1  image ![Loss of gradient descent on a PL function](img/… copied to content/figures/loss.png  [image]'],
    ['a missing image', 'plain/pl-condition.md:12:1  warning  image ![Sharpness during training](img/sharpness.png) kept as written: "plain/img/sharpness.png" is not in the folder; add it and import again, or remove it  [missing-image]'],
    ['a remote image', 'plain/pl-condition.md:14:1  warning  remote image ![Network architecture](https://example.org/archi… written as a link: the site loads nothing from other origins; save the image into the folder to import it as a figure  [remote-image]'],
    ['two images with one name', 'quartz/content/double-descent.md:17:1  image ![Test error against the number of parameters](im… copied to content/figures/loss-2.png  [image]'],
    ['a Quartz tag that is not in the taxonomy', 'quartz/content/double-descent.md:3:1  warning  tag "overparameterization" is not in content/tags.yml and was dropped; add it there with a description to keep it  [tags]'],
    ['a Quartz wikilink by title', 'quartz/content/double-descent.md:15:145  wikilink [[Lazy Training]] written as [[lazy-training]]  [wikilink]'],
  ])('reports %s', (_shape, line) => {
    expect(run.stdout.split('\n')).toContain(`${folder}/${line}`);
  });

  it('names where each note went, and skips _site and .obsidian', () => {
    const imported = run.stdout.split('\n').filter((l) => l.endsWith('[imported]'));
    expect(imported.map((l) => l.replace(`${folder}/`, '').replace(/ {2}\[imported\]$/, ''))).toEqual([
      '_posts/2020-01-02-neural-tangent-kernel.md  imported as content/notes/neural-tangent-kernel.md',
      '_posts/2020-02-10-lazy-training.md  imported as content/notes/lazy-training.md',
      'obsidian/Gradient Flow.md  imported as content/notes/gradient-flow.md',
      'obsidian/Implicit Bias.md  imported as content/notes/implicit-bias.md',
      'obsidian/Über Kernels.md  imported as content/notes/über-kernels.md',
      'plain/Sharpness.md  imported as content/notes/sharpness.md',
      'plain/long-line.md  imported as content/notes/long-line.md',
      'plain/mean_field_limit.md  imported as content/notes/mean_field_limit.md',
      'plain/only-math.md  imported as content/notes/only-math.md',
      'plain/overview.md  imported as content/notes/overview.md',
      'plain/pl-condition.md  imported as content/notes/pl-condition.md',
      'plain/sharpness.md  imported as content/notes/sharpness-2.md',
      'quartz/content/double-descent.md  imported as content/notes/double-descent.md',
      'quartz/content/overview.md  imported as content/notes/content-overview.md',
    ]);
    expect(run.stdout).not.toMatch(/_site|\.obsidian/);
    expect(run.stdout).toMatch(/^Imported 14 notes into content\/notes\/ and copied 4 images into content\/figures\/; \d+ things to look at \(the warning lines above\)\.$/m);
  });

  it('writes a Jekyll post as a note of this site, the rest of its Markdown as written', () => {
    expect(note('neural-tangent-kernel')).toBe(`---
title: The neural tangent kernel
summary: Why gradient descent on a very wide network behaves like kernel regression with a kernel fixed at initialization.
section: theory
tags: [optimization]
aliases: []
updated: 2020-01-02
---

Consider a network $f(x; \\theta)$ with parameters $\\theta \\in \\mathbb{R}^P$ trained by gradient flow on the squared loss. Linearising around the initial parameters $\\theta_0$ gives a model that is linear in $\\theta$ but not in $x$ [@jacot2018neural].

## The kernel at initialization

The neural tangent kernel is the Gram matrix of the parameter gradients:

$$
\\Theta(x, x') = \\nabla_\\theta f(x; \\theta_0)^\\top \\nabla_\\theta f(x'; \\theta_0).
$$

In the infinite-width limit $\\Theta$ converges to a deterministic kernel and stays constant during training, so on the training inputs $X$ the function evolves as

$$
\\partial_t f_t(X) = -\\eta\\, \\Theta(X, X)\\,\\bigl(f_t(X) - y\\bigr).
$$

![Eigenvalues of the NTK on the sphere](../figures/ntk-spectrum.png)

## Training dynamics

The residual decays along each eigenvector $v_i$ of $\\Theta(X, X)$ at rate $\\eta \\lambda_i$, so the kernel's spectrum decides what is learned first. See [[lazy-training|lazy training]] for when this regime applies.

\`\`\`python
# the runner fills in {{ width }} for each experiment
widths = [64, 256, 1024]
\`\`\`
`);
  });

  it('keeps aliases, maps tags and dates, and writes summaries and titles for notes that had none', () => {
    expect(note('double-descent')).toMatch(/^---\ntitle: Double descent\nsummary: The test error of many models[^\n]*\nsection: theory\ntags: \[generalization\]\naliases: \[double descent curve\]\nupdated: 2023-05-01\n---\n/);
    expect(note('mean_field_limit')).toMatch(/^---\ntitle: Mean field limit\nsummary: In the mean-field scaling a two-layer network f\(x\) = 1\/m ∑ⱼ₌₁ᵐ aⱼ σ\(wⱼᵀ x\) is a function/);
    expect(note('gradient-flow')).toMatch(/^---\ntitle: Gradient flow\n[^]*---\n\nGradient flow is the continuous-time limit/);
    expect(note('only-math')).toMatch(/^---\ntitle: Only math\nsummary: Notes on Only math\.\n/);
    expect(note('long-line').split('\n').find((l) => l.startsWith('summary:'))?.length).toBeLessThan(320);
  });

  it('rewrites links, wikilinks and images, and leaves harmless HTML as it is', () => {
    const pl = note('pl-condition');
    expect(pl).toContain('The continuous-time version is in [[gradient-flow#Convergence|gradient flow]], and the same argument bounds the ℓ<sup>2</sup> norm of the residual of [[über-kernels|kernel regression]].');
    expect(pl).toContain('$.<br>\n');
    expect(pl).toContain('<details><summary>Why wide networks satisfy PL</summary>');
    expect(pl).toContain('![Loss of gradient descent on a PL function](../figures/loss.png)');
    expect(pl).toContain('![Sharpness during training](img/sharpness.png)');
    expect(pl).toContain('[Network architecture](https://example.org/architecture.png)');
    expect(pl).toContain('[its own note](benign-overfitting.md)');
    expect(note('lazy-training')).toContain('the kernel of [[neural-tangent-kernel#The kernel at initialization|the NTK note]] stays fixed');
    expect(note('double-descent')).toContain('[[lazy-training]] explains why very wide networks sit on the second descent. See [[content-overview#Scope|the overview]].');
    expect(note('implicit-bias')).toContain('![Max-margin separator of two classes](../figures/margin.svg)');
  });

  it('copies each image once, under a free name', () => {
    const copied = (name: string) => readFileSync(join(dir, 'content/figures', name));
    expect(readdirSync(join(dir, 'content/figures')).sort()).toEqual(['diagram.svg', 'loss-2.png', 'loss.png', 'margin.svg', 'ntk-spectrum.png']);
    expect(copied('loss.png').equals(readFileSync(source('plain/img/loss.png')))).toBe(true);
    expect(copied('loss-2.png').equals(readFileSync(source('quartz/content/img/loss.png')))).toBe(true);
    expect(copied('margin.svg').equals(readFileSync(source('obsidian/attachments/margin.svg')))).toBe(true);
  });

  it('runs the content checks, names each imported note that fails and why, and exits 1', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const checks = run.stdout.slice(run.stdout.indexOf('\nChecking the result as npm run check:content does:\n'));
    expect(checks).toContain('content/notes/pl-condition.md:28:36  link to "benign-overfitting.md" points to no note (resolved to notes/benign-overfitting.md).  [broken-link]');
    expect(checks).toMatch(/^content\/notes\/pl-condition\.md:18:1 .*sharpness\.png/m);
    expect(checks).toMatch(/^content\/notes\/pl-condition\.md, imported from tests\/fixtures\/import\/notes-folder\/plain\/pl-condition\.md, fails the checks: \d+ errors \([^)]*broken-link[^)]*\); fix the note, then run npm run check:content$/m);
    // The frontmatter of every imported note is valid: none of the problems is about it.
    expect(checks).not.toMatch(/\[(frontmatter-[a-z-]+|unknown-tag|unknown-section|duplicate-[a-z]+|name-conflict)\]/);
  });
});

describe('npm run import, writing nothing it should not', () => {
  it('--dry-run prints the report and the checks but writes nothing', async () => {
    const dir = await corpus();
    const before = fingerprint(join(dir, 'content'));
    const run = await runImport(dir, folder, '--dry-run');
    expect(fingerprint(join(dir, 'content'))).toBe(before);
    expect(run.stdout).toMatch(/^Dry run: nothing is written\.\n/);
    expect(run.stdout).toContain(`${folder}/plain/sharpness.md  imported as content/notes/sharpness-2.md  [imported]`);
    expect(run.stdout).toMatch(/^Would import 14 notes into content\/notes\/ and copy 4 images into content\/figures\//m);
    expect(run.stdout).toContain('content/notes/pl-condition.md:28:36  link to "benign-overfitting.md" points to no note');
    expect(run.code).toBe(1);
  });

  it('exits 0 on a folder that imports cleanly, refuses to import it again, and replaces it with --force', async () => {
    const dir = await corpus();
    const first = await runImport(dir, `${folder}/obsidian`);
    expect(first.stdout).toMatch(/\nNo problems found\.\n$/);
    expect(first.code).toBe(0);
    const after = fingerprint(join(dir, 'content'));
    const again = await runImport(dir, `${folder}/obsidian`);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(`npm run import: nothing was imported: these notes are already in ${join(dir, 'content/notes')} (imported before?):\n  ${folder}/obsidian/Gradient Flow.md would replace content/notes/gradient-flow.md (same slug and title)`);
    expect(again.stderr).toContain('Remove or rename those notes, or run again with --force to replace them.');
    expect(fingerprint(join(dir, 'content'))).toBe(after);
    const forced = await runImport(dir, `${folder}/obsidian`, '--force');
    expect(forced.stdout).toContain(`${folder}/obsidian/Gradient Flow.md:1:1  replaces content/notes/gradient-flow.md, a note of the same title (--force)  [slug]`);
    expect(forced.code).toBe(0);
    expect(fingerprint(join(dir, 'content'))).toBe(after);
  });

  it.each([
    [[], /give the folder to import/],
    [['tests/fixtures/import/no-such-folder'], /"tests\/fixtures\/import\/no-such-folder" does not exist/],
    [[`${folder}/plain/overview.md`], /is not a folder; give the folder that holds the notes/],
    [[folder, '--dryrun'], /unknown option --dryrun/],
    [[folder, '--section', 'theroy'], /unknown section "theroy"\. Did you mean "theory"\?/],
    [[`${folder}/assets`], /has no Markdown notes/],
  ])('exits 2 on %j, saying what to do, and writes nothing', async (args, message) => {
    const dir = await corpus();
    const before = fingerprint(join(dir, 'content'));
    const run = await runImport(dir, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(fingerprint(join(dir, 'content'))).toBe(before);
  });
});
