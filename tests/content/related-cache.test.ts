import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus, type Corpus } from '../../src/pipeline/load-corpus.ts';
import { baseline, corpus, note, removeCorpora } from '../helpers/corpus.ts';

afterAll(removeCorpora);

const related = (c: Corpus) => Object.fromEntries(c.notes.map((n) => [n.slug, n.relatedNotes]));

/**
 * A build keeps its related-notes ranking in the render cache's folder (src/pipeline/note-records.ts)
 * and the next build reads it when no link, citation, tag or `related:` changed.
 */
describe('the related-notes ranking kept between builds', () => {
  it('is read when what it ranked is unchanged, and ranked again when a tag changed', async () => {
    const dir = await corpus({
      'content/notes/gamma.md': note(
        { title: 'Gamma', summary: 'A third note.', section: 'theory', tags: ['optimization'] },
        'Gamma follows [[alpha]].',
      ),
    });
    const root = pathToFileURL(`${dir}/`);
    const cacheDir = join(dir, 'cache');
    const load = async (cache = cacheDir) => loadCorpus({ root, base: '/', cacheDir: cache });
    const fresh = async () => load(await mkdtemp(join(tmpdir(), 'dlt-fresh-cache-')));

    const first = await load();
    expect(related(first)).toEqual(related(await fresh()));
    const kept = join(cacheDir, 'related.rank.json');
    const stored = JSON.parse(await readFile(kept, 'utf8')) as { key: string; value: [string, string[]][] };
    expect(Object.fromEntries(stored.value)).toEqual(related(first));

    // Nothing the ranking reads changed: the kept ranking is what the load gives (here, planted).
    const planted = stored.value.map(([slug]): [string, string[]] => [slug, ['planted']]);
    await writeFile(kept, JSON.stringify({ key: stored.key, value: planted }));
    const path = (name: string) => join(dir, 'content/notes', name);
    await writeFile(path('beta.md'), baseline['content/notes/beta.md'].replace('Beta builds', 'Beta, newly, builds'));
    expect(Object.values(related(await load()))).toEqual(planted.map(() => ['planted']));

    // A tag changed: ranked again, as a load with no cache ranks.
    await writeFile(path('alpha.md'), baseline['content/notes/alpha.md'].replace('[optimization]', '[generalization]'));
    const again = await load();
    expect(related(again)).toEqual(related(await fresh()));
    expect(Object.values(related(again)).flat()).not.toContain('planted');
  });
});
