import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/lib/problems.ts';
import { LARGE_CORPUS, rendersLargeCorpus, renderStep, startRenderStep } from '../../src/pipeline/render-step.ts';
import { corpus, note, removeCorpora } from '../helpers/corpus.ts';

const root = resolve(import.meta.dirname, '../..');
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});
afterAll(removeCorpora);

/** Points the render step (which reads its settings from the environment) at a corpus and a fresh cache. */
async function useCorpus(dir: string): Promise<string> {
  const cache = await mkdtemp(join(tmpdir(), 'dlt-render-step-'));
  Object.assign(process.env, { DLT_CONTENT_ROOT: dir, DLT_CACHE_DIR: cache, DLT_QUIET: '1' });
  return cache;
}

/** Pids of live render-step processes whose environment names `cache`. */
async function stepsUsing(cache: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const [cmd, env, stat] = await Promise.all(
      ['cmdline', 'environ', 'stat'].map((f) => readFile(`/proc/${pid}/${f}`, 'utf8').catch(() => '')),
    );
    const zombie = stat.slice(stat.lastIndexOf(') ') + 2).startsWith('Z');
    if (cmd.includes('render-step.ts') && env.includes(`DLT_CACHE_DIR=${cache}`) && !zombie) found.push(Number(pid));
  }
  return found;
}

describe('the render step of a build', () => {
  it('renders every note into the cache and hands over the corpus a load would give', async () => {
    const cache = await useCorpus(await corpus());
    const step = startRenderStep();
    expect(renderStep()).toBe(step);
    const handed = await step;
    const root = new URL(`file://${process.env.DLT_CONTENT_ROOT}/`);
    const { loadCorpus } = await import('../../src/pipeline/load-corpus.ts');
    const loaded = await loadCorpus({ root, base: '/' });
    expect(loaded.stats).toMatchObject({ notes: 2, rendered: 0, reused: 2 });
    expect(await readdir(cache)).toHaveLength(1);
    expect(handed).toMatchObject({ kind: 'loaded', root: root.href, base: '/' });
    expect(handed!.corpus.stats).toMatchObject({ notes: 2, rendered: 2, reused: 0 });
    // All but the statistics of the load (the step rendered what the second load reused). Dates, Maps
    // and Sets arrive as such (structured clone), so the two compare equal, prototypes and all.
    const data = ({ stats: _stats, notes, ...rest }: typeof loaded) => ({
      ...rest,
      notes: notes.map(({ reused: _reused, ...note }) => note),
    });
    expect(data(handed!.corpus)).toStrictEqual(data(loaded));
    expect(handed!.corpus.notes.map((n) => n.slug)).toEqual(['alpha', 'beta']);
  });

  it('fails with the message the build reports, naming the first error', async () => {
    const dir = await corpus({
      'content/notes/beta.md': note(
        { title: 'Beta', summary: 'The second note.', section: 'empirical', tags: ['generalization'] },
        'Beta links to [[gamma]].',
      ),
    });
    await useCorpus(dir);
    const error = await startRenderStep().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as Error).message).toMatch(
      /^The content has 1 error \(listed above\); nothing was published\.\nFirst: content\/notes\/beta\.md:\d+:\d+ {2}wikilink \[\[gamma\]\] points to no note/,
    );
  });

  it('names the file it could not write, without a stack trace, when the cache cannot be written', async () => {
    const dir = await corpus();
    const blocked = join(await mkdtemp(join(tmpdir(), 'dlt-render-step-')), 'file');
    await writeFile(blocked, '');
    Object.assign(process.env, { DLT_CONTENT_ROOT: dir, DLT_CACHE_DIR: join(blocked, 'cache'), DLT_QUIET: '1' });
    const error = (await startRenderStep().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ContentError);
    expect(error.message).toMatch(/^The notes could not be rendered: ENOTDIR: not a directory, mkdir '.*\/file\/cache/);
    expect(error.message).not.toContain('    at ');
  });

  it('does not outlive the process that started it', async () => {
    // The real notes take a few seconds to render; the parent exits after a quarter of a second.
    const cache = await useCorpus(root);
    const script = `import { startRenderStep } from ${JSON.stringify(join(root, 'src/pipeline/render-step.ts'))};
      startRenderStep(); setTimeout(() => process.exit(1), 250);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'ignore' });
    let seen: number[] = [];
    for (let i = 0; i < 20 && seen.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      seen = await stepsUsing(cache);
    }
    expect(seen, 'the render step never started').not.toEqual([]);
    await new Promise((r) => parent.on('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    expect(await stepsUsing(cache)).toEqual([]);
  });
});

describe('whether Astro waits for the render step', () => {
  it('waits only when most notes of a large corpus have no cached render', async () => {
    const work = await mkdtemp(join(tmpdir(), 'dlt-large-'));
    const notes = join(work, 'notes');
    const cache = join(work, 'cache');
    await mkdir(join(notes, 'nested'), { recursive: true });
    await mkdir(cache);
    const write = (dir: string, names: string[]) => Promise.all(names.map((n) => writeFile(join(dir, n), '')));
    const names = (count: number, ext: string) => Array.from({ length: count }, (_, i) => `n${i}${ext}`);
    // One note short of a large corpus (notes in subfolders count; other files do not).
    await write(notes, names(LARGE_CORPUS - 2, '.md'));
    await write(join(notes, 'nested'), ['deep.md', 'image.png']);
    expect(await rendersLargeCorpus(notes, cache)).toBe(false);
    await write(notes, ['last.md']);
    expect(await rendersLargeCorpus(notes, cache)).toBe(true);
    // No cache folder at all is a cold build too.
    expect(await rendersLargeCorpus(notes, join(work, 'missing'))).toBe(true);
    // Half the notes rendered already: a rebuild, which starts Astro at once.
    await write(cache, names(LARGE_CORPUS / 2, '.json'));
    expect(await rendersLargeCorpus(notes, cache)).toBe(false);
  });
});
