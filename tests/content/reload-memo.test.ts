import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus, type Corpus } from '../../src/pipeline/load-corpus.ts';
import { newReloadMemo } from '../../src/pipeline/reload-memo.ts';
import { baseline, corpus, note, removeCorpora } from '../helpers/corpus.ts';

afterAll(removeCorpora);

/** A corpus without what differs between two loads of the same content: timings and reuse flags. */
const comparable = (c: Corpus) => ({
  ...c,
  stats: undefined,
  notes: c.notes.map((n) => ({ ...n, reused: undefined })),
});

/**
 * `npm run dev` keeps a memo between corpus loads (src/pipeline/reload-memo.ts) so that a reload
 * reads only what changed. Whatever the edit, a load with the memo must give the corpus a fresh load
 * gives.
 */
describe('reloading the corpus with the dev server memo', () => {
  it('gives the same corpus as a fresh load after each kind of edit, and reads only the changed files', async () => {
    const dir = await corpus({
      'content/notes/gamma.md': note(
        { title: 'Gamma', summary: 'A third note.', section: 'theory', tags: ['optimization'], colour: 'red' },
        'Gamma follows [[alpha]].',
      ),
    });
    const options = { root: pathToFileURL(`${dir}/`), base: '/', cacheDir: join(dir, 'cache') };
    const memo = newReloadMemo();
    const reload = () => loadCorpus({ ...options, memo });
    const fresh = () => loadCorpus(options);
    const same = async () => expect(comparable(await reload())).toEqual(comparable(await fresh()));

    await same();
    const alphaRead = memo.notes.get('alpha.md')?.read;
    expect(alphaRead).toBeDefined();

    // An unknown frontmatter key is reported on every load, also when the note is not read again.
    const unknownKey = (c: Corpus) => c.problems.filter((p) => p.file === 'content/notes/gamma.md');
    expect(unknownKey(await reload()).map((p) => p.message)).toEqual(unknownKey(await fresh()).map((p) => p.message));
    expect(unknownKey(await reload()).length).toBeGreaterThan(0);

    // A new sentence in one note: only that file is read again.
    const path = (name: string) => join(dir, 'content/notes', name);
    await writeFile(path('beta.md'), baseline['content/notes/beta.md'].replace('Beta builds', 'Beta, newly, builds'));
    await same();
    expect(memo.notes.get('alpha.md')?.read).toBe(alphaRead);
    expect((await reload()).notes.find((n) => n.slug === 'beta')?.summary).toBe('The second note.');

    // A new title changes how other notes' links read; a new tag list changes related notes.
    await writeFile(
      path('alpha.md'),
      baseline['content/notes/alpha.md'].replace('title: Alpha', 'title: Alpha prime').replace('[optimization]', '[generalization]'),
    );
    await same();
    expect(memo.notes.get('alpha.md')?.read).not.toBe(alphaRead);

    // A note whose names and source did not change still renders again when a paper it cites or a
    // figure it shows changed (its fingerprint is not taken on trust from the last load).
    const bib = join(dir, 'content/references.bib');
    await writeFile(bib, baseline['content/references.bib'].replace('year = {2018}', 'year = {2019}'));
    await same();
    const alphaHtml = async () => readFile((await reload()).notes.find((n) => n.slug === 'alpha')!.htmlFile, 'utf8');
    expect(await alphaHtml()).toContain('2019');
    await writeFile(join(dir, 'content/figures/diagram.svg'), baseline['content/figures/diagram.svg'].replace('</svg>', '<g/></svg>'));
    const before = memo.renders.get('alpha')?.entry.htmlHash;
    await same();
    expect(memo.renders.get('alpha')?.entry.htmlHash).not.toBe(before);

    // A taxonomy change is checked against notes that were not read again.
    await writeFile(join(dir, 'content/tags.yml'), '- id: optimization\n  title: Optimization\n  description: Training.\n');
    await same();
    expect((await reload()).problems.some((p) => p.rule === 'unknown-tag')).toBe(true);

    // A removed note is gone, and so are the links to it.
    await rm(path('gamma.md'));
    await same();
    expect(memo.notes.has('gamma.md')).toBe(false);
    expect(memo.renders.has('gamma')).toBe(false);
  });
});
