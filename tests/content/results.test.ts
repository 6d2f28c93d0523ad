/**
 * Result blocks and equations across notes, as the checker sees them: references to labels in other
 * notes, labels that do not exist or were renamed since the last build, labels that collide with a
 * heading, and what "Used in" collects. Block-level messages are pinned by the render fixtures
 * (tests/fixtures/render/results-broken).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { loadCorpus } from '../../src/pipeline/load-corpus.ts';
import { baseline, corpus, note, removeCorpora, report } from '../helpers/corpus.ts';

afterAll(removeCorpora);

const alpha = (body: string) => note({ title: 'Alpha', summary: 'The first note.', section: 'theory', tags: ['optimization'], aliases: ['First note'] }, `Alpha links to [[beta]] and cites [@jacot2018neural].\n\n## Setup\n\n${body}`);
const beta = (body: string) => note({ title: 'Beta', summary: 'The second note.', section: 'empirical', tags: ['generalization'] }, `Beta builds on the [[alpha#Setup|setup]], as @neal1996bayesian did. ${body}`);
const theorem = ':::theorem[PL implies a linear rate]{#pl-rate}\nIf $f$ is smooth and PL then\n\n$$\nf_t \\le c^t \\label{eq:rate}\n$$\n:::\n';
const load = (dir: string) => loadCorpus({ root: pathToFileURL(`${dir}/`), base: '/' });

describe('references to results and equations', () => {
  it('resolve across notes and collect where each result is used', async () => {
    const dir = await corpus({ 'content/notes/alpha.md': alpha(theorem), 'content/notes/beta.md': beta('It uses [[alpha#pl-rate]] and [[alpha#eq:rate]].') });
    const c = await load(dir);
    expect(c.problems).toEqual([]);
    const a = c.notes.find((n) => n.slug === 'alpha')!;
    expect(a.results.map((r) => `${r.kind} ${r.number} ${r.label} ${r.title}`)).toEqual(['theorem 1 pl-rate PL implies a linear rate']);
    expect(a.equations).toEqual([{ label: 'eq:rate', number: 1, line: 16 }]);
    expect(Object.keys(a.usedIn)).toEqual(['pl-rate', 'eq:rate']);
    expect(a.usedIn['pl-rate'][0].slug).toBe('beta');
  });

  it('report a label that does not exist, with the nearest one and the labels there', async () => {
    const dir = await corpus({ 'content/notes/alpha.md': alpha(theorem), 'content/notes/beta.md': beta('It uses [[alpha#pl-rat]].') });
    expect(await report(dir)).toMatchInlineSnapshot(`
      "content/notes/beta.md:8:77  "#pl-rat" names no result, equation or heading in alpha. Did you mean "pl-rate"? Labels there: pl-rate, eq:rate  [missing-label]

      1 error and 0 warnings in 1 file. Checked 2 notes and 2 papers in <time> s.
      "
    `);
  });

  it('report a reference to a label renamed since the last build', async () => {
    const dir = await corpus({ 'content/notes/alpha.md': alpha(theorem), 'content/notes/beta.md': beta('It uses [[alpha#pl-rate]].') });
    expect((await load(dir)).problems).toEqual([]);
    await writeFile(join(dir, 'content/notes/alpha.md'), alpha(theorem.replace('{#pl-rate}', '{#pl-linear-rate}')));
    expect((await load(dir)).problems.map(formatProblem)).toEqual([
      'content/notes/beta.md:8:77  label "pl-rate" no longer exists in alpha (it did in the last build: renamed or removed?); update this reference. Labels there: pl-linear-rate, eq:rate  [renamed-label]',
    ]);
  });

  it('report a label that is also a heading id of its note', async () => {
    const dir = await corpus({ 'content/notes/alpha.md': alpha(':::definition[Setup]{#setup}\nA thing.\n:::\n') });
    expect((await load(dir)).problems.map(formatProblem)).toEqual([
      'content/notes/alpha.md:13:1  label "setup" is also the id of a heading in this note; rename the label so [[#setup]] means one thing  [duplicate-label]',
    ]);
  });

  it('leave notes without results as they were', async () => {
    const c = await load(await corpus({ 'content/notes/alpha.md': baseline['content/notes/alpha.md'] }));
    expect(c.problems).toEqual([]);
    expect(c.notes.every((n) => n.results.length === 0 && n.equations.length === 0)).toBe(true);
  });
});

describe('the reading path', () => {
  it('orders its notes, and reports a step that names no note or repeats one', async () => {
    const dir = await corpus({
      'content/reading-path.yml': '- note: alpha\n  why: Where it starts.\n- note: bta\n  why: Next.\n- note: First note\n  why: Again.\n- note: beta\n  why: Then this.\n',
    });
    const c = await load(dir);
    expect(c.problems.map(formatProblem)).toEqual([
      'content/reading-path.yml:3:1  step 2 names no note: "bta". Did you mean "Beta"?  [broken-reading-path]',
      'content/reading-path.yml:5:1  "alpha" is on the reading path twice; keep one step  [broken-reading-path]',
    ]);
    expect(c.notes.map((n) => [n.slug, n.readingStep])).toEqual([
      ['alpha', { index: 1, total: 2, why: 'Where it starts.', prev: undefined, next: 'beta' }],
      ['beta', { index: 2, total: 2, why: 'Then this.', prev: 'alpha', next: undefined }],
    ]);
  });
});
