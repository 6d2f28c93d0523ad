import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireLock } from '../../src/cli/build-lock.ts';
import { noteSlugFromPath } from '../../src/lib/slugs.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';

/** The first note (in name order) with a line of prose, and that line. */
export async function editableNote(corpusRoot: string): Promise<{ file: string; text: string; line: string }> {
  const dir = join(corpusRoot, 'content/notes');
  for (const name of (await readdir(dir)).sort()) {
    const text = await readFile(join(dir, name), 'utf8');
    const line = text.split('\n').find((l) => /^[A-Z][a-z]+ /.test(l));
    if (line) return { file: join(dir, name), text, line };
  }
  throw new Error(`no note in ${dir} has a paragraph to edit`);
}

/**
 * What an author waits for under `npm run dev`: the dev server on the corpus (with the render cache
 * the builds left), one note's Markdown edited on disk `edits` times, and after each save the note's
 * page fetched every 20 ms until it has the edit. Measured at the server: in Chromium the reload adds
 * about 0.4 s (tests/site/dev-server.test.ts measures that on the real notes). Returns ms per edit.
 */
export async function devEditTimes(
  root: string,
  corpusRoot: string,
  env: Record<string, string>,
  edits = 5,
): Promise<number[]> {
  const note = await editableNote(corpusRoot);
  const path = `/notes/${noteSlugFromPath(basename(note.file))}/`;
  const release = await acquireLock(root);
  let server: DevServer | undefined;
  try {
    server = await startDevServer({ ...process.env, ...env } as Record<string, string>, path, 600_000);
    const page = () =>
      fetch(`${server!.origin}${path}`).then(
        async (r) => (r.ok ? r.text() : ''),
        () => '',
      );
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const word = `benchedit${i}x${Date.now()}`;
      const started = performance.now();
      await writeFile(note.file, note.text.replace(note.line, note.line.replace(' ', ` ${word} `)));
      while (!(await page()).includes(word)) {
        if (performance.now() - started > 60_000)
          throw new Error(`the dev server never served the edit:\n${server.log().slice(-3000)}`);
        await sleep(20);
      }
      times.push(performance.now() - started);
      await sleep(500);
    }
    return times;
  } finally {
    await writeFile(note.file, note.text);
    await server?.stop();
    await release();
  }
}
