/**
 * `npm run bench [-- --sizes 100,1000,5000] [-- --runs 3]`
 *
 * Measures the real notes in content/ (length, formulas, links, citations, headings, tags), generates
 * synthetic corpora of each size shaped like them (with a bibliography of N/5 papers), builds each
 * exactly as `npm run build` does (Astro, Pagefind, offline files) several times from cold caches,
 * then once more with warm caches, then after editing one note, times five edits under `npm run dev`,
 * and prints Markdown tables: wall time (median, min, max), ms per note, peak memory, output sizes,
 * the bytes of one math-heavy note page as a browser loads it, the dev server's edits, and where the
 * time goes.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { glob } from 'tinyglobby';
import { describe, generateCorpus, profileNote, type CorpusSample } from './corpus-stats.ts';
import { devEditTimes, editableNote } from './dev-edit.ts';
import { sampleTreeMemory, type TreeMemory } from './tree-memory.ts';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';

const root = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = arg('sizes', '100,1000,5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const runs = Math.max(1, Number(arg('runs', '3')));
const keep = args.includes('--keep');

interface RunResult {
  wallMs: number;
  /** The largest process (/usr/bin/time). */
  peakKb: number;
  /** All of the build's processes at once (see tree-memory.ts). */
  tree: TreeMemory;
  timings: Record<string, number>;
  corpus?: { totalMs: number; renderMs: number; rendered: number; reused: number };
}

const median = (xs: number[]) => describe(xs).median;
const fmtS = (ms: number) => (ms / 1000).toFixed(1);
const fmtMB = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const fmtKB = (bytes: number) => (bytes / 1024).toFixed(1);

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function measureRealNotes(): Promise<CorpusSample> {
  const files = await glob('content/notes/**/*.md', { cwd: root });
  const sample: CorpusSample = { profiles: [], inlineFormulas: [], displayFormulas: [], words: [], tags: [] };
  const tagsYml = await readFile(join(root, 'content/tags.yml'), 'utf8');
  sample.tags = [...tagsYml.matchAll(/^- id: (\S+)/gm)].map((m) => m[1]);
  for (const file of files) {
    const split = splitFrontmatter((await readFile(join(root, file), 'utf8')).replace(/\r\n?/g, '\n'));
    const tags = Array.isArray((split.data as { tags?: unknown[] })?.tags)
      ? (split.data as { tags: unknown[] }).tags.length
      : 2;
    const m = profileNote(split.body, tags);
    sample.profiles.push(m.profile);
    sample.inlineFormulas.push(...m.inline);
    sample.displayFormulas.push(...m.display);
    sample.words.push(...m.words.filter((w) => w.length > 2).map((w) => w.toLowerCase()));
  }
  return sample;
}

function printDistribution(sample: CorpusSample): void {
  const rows: [string, keyof CorpusSample['profiles'][number]][] = [
    ['words', 'words'],
    ['inline formulas', 'inlineMath'],
    ['display formulas', 'displayMath'],
    ['wikilinks', 'wikilinks'],
    ['citations', 'citations'],
    ['headings', 'headings'],
    ['tags', 'tags'],
  ];
  console.log(`\n### The real notes (${sample.profiles.length} in content/notes), per note\n`);
  console.log('| measure | mean | median | p90 | min | max |\n|---|---:|---:|---:|---:|---:|');
  for (const [label, key] of rows) {
    const d = describe(sample.profiles.map((p) => p[key]));
    console.log(`| ${label} | ${d.mean.toFixed(1)} | ${d.median} | ${d.p90} | ${d.min} | ${d.max} |`);
  }
  const unique = new Set([...sample.inlineFormulas, ...sample.displayFormulas]).size;
  console.log(
    `\nFormula pool: ${sample.inlineFormulas.length} inline and ${sample.displayFormulas.length} display formulas (${unique} distinct); vocabulary of ${new Set(sample.words).size} words.`,
  );
}

function runBuild(env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const timingsFile = env.DLT_TIMINGS;
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, 'src/cli/build.ts'], {
      cwd: root,
      env: { ...process.env, ...env, DLT_QUIET: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const memory = sampleTreeMemory(child.pid as number, 200);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', async (code) => {
      const wallMs = performance.now() - started;
      const tree = memory.stop();
      if (code !== 0) return reject(new Error(`build failed (${code}):\n${out.slice(-4000)}`));
      const peakKb = Number(out.trim().split('\n').pop());
      const timings = JSON.parse(await readFile(timingsFile, 'utf8')) as Record<string, number>;
      const corpus = await readFile(`${timingsFile}.corpus.json`, 'utf8')
        .then((t) => JSON.parse(t))
        .catch(() => undefined);
      resolvePromise({ wallMs, peakKb, tree, timings, corpus });
    });
  });
}

/** Loads the most math-heavy note page in Chromium and sums what it fetches by type. */
async function pageWeight(
  dist: string,
  notesDir: string,
): Promise<Record<string, { raw: number; gzip: number }> & { page: string }> {
  const { serveSite } = await import('../helpers/serve.ts');
  const { launchBrowser } = await import('../helpers/browser.ts');
  const pages = await glob('notes/*/index.html', { cwd: dist });
  let best = { page: pages[0], formulas: -1 };
  for (const p of pages) {
    const html = await readFile(join(dist, p), 'utf8');
    const count = html.split('class="katex"').length - 1;
    if (count > best.formulas) best = { page: p, formulas: count };
  }
  void notesDir;
  const site = await serveSite(dist);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const bytes: Record<string, { raw: number; gzip: number }> = {};
  const seen: Promise<void>[] = [];
  page.on('response', (response) => {
    seen.push(
      (async () => {
        const type = response.request().resourceType();
        const body = await response.body().catch(() => Buffer.alloc(0));
        const key =
          type === 'document'
            ? 'HTML'
            : type === 'stylesheet'
              ? 'CSS'
              : type === 'script'
                ? 'JS'
                : type === 'font'
                  ? 'fonts'
                  : 'other';
        bytes[key] ??= { raw: 0, gzip: 0 };
        bytes[key].raw += body.length;
        bytes[key].gzip += key === 'fonts' ? body.length : gzipSync(body).length;
      })(),
    );
  });
  await page.goto(site.url(best.page.replace(/index\.html$/, '')), { waitUntil: 'networkidle' });
  await page.evaluate(() => document.fonts.ready);
  await Promise.all(seen);
  await browser.close();
  await site.close();
  return Object.assign(bytes, { page: `${best.page} (${best.formulas} formulas)` });
}

/** Writes a synthetic corpus of `n` notes into `dir` (its `content/` folder), shaped like the real notes. */
async function writeCorpus(sample: CorpusSample, n: number, dir: string): Promise<void> {
  for (const f of generateCorpus(sample, n, n)) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.content);
  }
  await cp(join(root, 'content/sections.yml'), join(dir, 'content/sections.yml'));
  await cp(join(root, 'content/tags.yml'), join(dir, 'content/tags.yml'));
}

/** Rewords the first paragraph line of the first note that has one (a word added), as an author would. */
async function rewordOneNote(corpusRoot: string): Promise<void> {
  const note = await editableNote(corpusRoot);
  await writeFile(note.file, note.text.replace(note.line, note.line.replace(' ', ' indeed ')));
}

async function main(): Promise<void> {
  const generateOnly = args.indexOf('--generate');
  if (generateOnly >= 0) {
    // npm run bench -- --generate 1000 /tmp/corpus  → then DLT_CONTENT_ROOT=/tmp/corpus npm run build
    const n = Number(args[generateOnly + 1]);
    const dir = resolve(args[generateOnly + 2]);
    await writeCorpus(await measureRealNotes(), n, dir);
    console.log(`Wrote ${n} notes to ${dir}/content. Build it with: DLT_CONTENT_ROOT=${dir} npm run build`);
    return;
  }
  console.log(
    `# Build benchmark\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}. Sizes: ${sizes.join(', ')} notes; ${runs} cold run(s) each, then one warm run.`,
  );
  const sample = await measureRealNotes();
  printDistribution(sample);
  const work = await mkdtemp(join(tmpdir(), 'dlt-bench-'));
  const results: {
    n: number;
    cold: RunResult[];
    warm: RunResult;
    edited: RunResult;
    dist: number;
    pagefind: number;
    zip: number;
    /** What a first visit precaches, and what "Save the whole site for offline" fetches on top. */
    precache: number;
    save: number;
    precacheAll: boolean;
    weight: Awaited<ReturnType<typeof pageWeight>>;
    /** ms from saving an edit to `npm run dev` serving it, per edit. */
    devEdit: number[];
  }[] = [];
  try {
    for (const n of sizes) {
      const corpusRoot = join(work, `corpus-${n}`);
      await writeCorpus(sample, n, corpusRoot);
      const dist = join(work, `dist-${n}`);
      const cold: RunResult[] = [];
      let env: Record<string, string> = {};
      for (let r = 0; r < runs; r++) {
        env = {
          DLT_CONTENT_ROOT: corpusRoot,
          DLT_DIST: dist,
          DLT_TIMINGS: join(work, `timings-${n}-${r}.json`),
          DLT_CACHE_DIR: join(work, `cache-${n}-${r}`),
          DLT_ASTRO_CACHE_DIR: join(work, `astro-cache-${n}-${r}`),
        };
        process.stderr.write(`building ${n} notes, cold run ${r + 1}/${runs}… `);
        const result = await runBuild(env);
        process.stderr.write(`${fmtS(result.wallMs)} s\n`);
        cold.push(result);
      }
      process.stderr.write(`building ${n} notes again with warm caches… `);
      const warm = await runBuild({ ...env, DLT_TIMINGS: join(work, `timings-${n}-warm.json`) });
      process.stderr.write(`${fmtS(warm.wallMs)} s\n`);
      // What an author waits for after rewording one sentence of one note.
      await rewordOneNote(corpusRoot);
      process.stderr.write(`building ${n} notes after editing one… `);
      const edited = await runBuild({ ...env, DLT_TIMINGS: join(work, `timings-${n}-edit.json`) });
      process.stderr.write(`${fmtS(edited.wallMs)} s\n`);
      const weight = await pageWeight(dist, corpusRoot);
      process.stderr.write(`editing a note of ${n} under npm run dev… `);
      const { DLT_CONTENT_ROOT, DLT_CACHE_DIR, DLT_ASTRO_CACHE_DIR } = env;
      const devEdit = await devEditTimes(root, corpusRoot, { DLT_CONTENT_ROOT, DLT_CACHE_DIR, DLT_ASTRO_CACHE_DIR });
      process.stderr.write(`${devEdit.map((t) => Math.round(t)).join(', ')} ms\n`);
      results.push({
        n,
        cold,
        warm,
        edited,
        dist: await dirSize(dist),
        pagefind: (
          await Promise.all(
            (await readdir(dist)).filter((d) => d.startsWith('pagefind')).map((d) => dirSize(join(dist, d))),
          )
        ).reduce((a, b) => a + b, 0),
        zip: (await stat(join(dist, 'downloads/dl-theory-notes-offline.zip'))).size,
        precache: cold[cold.length - 1].timings.precacheBytes ?? 0,
        save: cold[cold.length - 1].timings.saveBytes ?? 0,
        precacheAll: Boolean(cold[cold.length - 1].timings.precacheAll),
        weight,
        devEdit,
      });
      await rm(join(work, `dist-${n}-offline`), { recursive: true, force: true });
    }
  } finally {
    if (!keep) await rm(work, { recursive: true, force: true });
    else console.log(`\n(kept ${work})`);
  }

  console.log('\n### Build time and size (cold caches; wall time includes Astro, Pagefind and the offline files)\n');
  console.log(
    '| notes | wall median (s) | min | max | ms per note | warm rebuild (s) | peak memory, all processes (MB) ' +
      '| largest process (MB) | output (MB) ' +
      '| Pagefind index (MB) | first-visit precache (MB) | save whole site (MB) | offline zip (MB) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const walls = r.cold.map((c) => c.wallMs);
    const d = describe(walls);
    const peak = Math.max(...r.cold.map((c) => c.tree.peakKb)) / 1024;
    const largest = Math.max(...r.cold.map((c) => c.peakKb)) / 1024;
    // A site under DLT_PRECACHE_ALL_MB is precached whole: nothing is left to save.
    const save = r.precacheAll ? 'all precached' : fmtMB(r.save);
    const perNote = (d.median / r.n).toFixed(1);
    const times = `${fmtS(d.median)} | ${fmtS(d.min)} | ${fmtS(d.max)} | ${perNote} | ${fmtS(r.warm.wallMs)}`;
    const sizes = `${fmtMB(r.dist)} | ${fmtMB(r.pagefind)} | ${fmtMB(r.precache)} | ${save} | ${fmtMB(r.zip)}`;
    console.log(`| ${r.n} | ${times} | ${peak.toFixed(0)} | ${largest.toFixed(0)} | ${sizes} |`);
  }
  for (const r of results) {
    const worst = r.cold.reduce((a, b) => (b.tree.peakKb > a.tree.peakKb ? b : a));
    const parts = worst.tree.atPeak.map((p) => `${p.name} ${(p.kb / 1024).toFixed(0)}`).join(', ');
    console.log(`\nAt the memory peak of ${r.n} notes (MB): ${parts}.`);
  }
  console.log('\n### One math-heavy note page, as Chromium loads it (before any interaction)\n');
  console.log(
    '| notes | page | HTML raw / gzip (KB) | CSS raw / gzip | JS raw / gzip | fonts (woff2, KB) | total gzip (KB) |\n|---:|---|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const w = r.weight as Record<string, { raw: number; gzip: number }>;
    const cell = (k: string) => (w[k] ? `${fmtKB(w[k].raw)} / ${fmtKB(w[k].gzip)}` : '0 / 0');
    const total = ['HTML', 'CSS', 'JS'].reduce((s, k) => s + (w[k]?.gzip ?? 0), 0);
    console.log(
      `| ${r.n} | ${r.weight.page} | ${cell('HTML')} | ${cell('CSS')} | ${cell('JS')} | ${fmtKB(w.fonts?.raw ?? 0)} | ${fmtKB(total)} |`,
    );
  }
  console.log('\n### `npm run dev`: from saving an edit to the page served with it (ms, five edits)\n');
  console.log('| notes | median | min | max |\n|---:|---:|---:|---:|');
  for (const r of results) {
    const d = describe(r.devEdit);
    console.log(`| ${r.n} | ${d.median.toFixed(0)} | ${d.min.toFixed(0)} | ${d.max.toFixed(0)} |`);
  }
  const focus = results.find((r) => r.n === 1000) ?? results[results.length - 1];
  if (focus) {
    const med = (pick: (c: RunResult) => number | undefined) => median(focus.cold.map((c) => pick(c) ?? 0));
    const astro = med((c) => c.timings.astro);
    const content = med((c) => c.corpus?.totalMs);
    const render = med((c) => c.corpus?.renderMs);
    console.log(`\n### Where the time goes (${focus.n} notes, median of cold runs)\n`);
    console.log('| phase | seconds | share |\n|---|---:|---:|');
    const total = med((c) => c.timings.total);
    const rows: [string, number][] = [
      ['render step: reading and checking the notes (read, validate, link graph)', content - render],
      ['render step: Markdown and KaTeX (worker threads)', render],
      // Astro starts beside the render step, then takes the corpus the step hands over.
      ['Astro after the render step: the corpus from the step, bundling, pages', astro - content],
      [
        'Pagefind index and the file:// copy with its zip, side by side (wall time)',
        med((c) => c.timings.searchAndCopy),
      ],
      ['  of which Pagefind index', med((c) => c.timings.pagefind)],
      ['  of which file:// copy and zip', med((c) => c.timings.offlineCopy)],
      ['service worker and offline manifest (hashing the site)', med((c) => c.timings.serviceWorker)],
    ];
    // The two "of which" rows overlap in time, so only the other rows add up to the whole build.
    for (const [label, ms] of rows) console.log(`| ${label} | ${fmtS(ms)} | ${((ms / total) * 100).toFixed(0)} % |`);
    console.log(`| **whole build** | **${fmtS(total)}** | |`);
    console.log(
      `\nWarm rebuild of the same ${focus.n} notes: ${fmtS(focus.warm.wallMs)} s (${focus.warm.corpus?.reused ?? 0} renders reused, ${focus.warm.corpus?.rendered ?? 0} re-rendered).`,
    );
    const e = focus.edited.timings;
    console.log(
      `After rewording one sentence of one note: ${fmtS(focus.edited.wallMs)} s ` +
        `(${focus.edited.corpus?.rendered ?? 0} note re-rendered; Astro ${fmtS(e.astro)} s, Pagefind and the copy ` +
        `${fmtS(e.searchAndCopy)} s, service worker ${fmtS(e.serviceWorker)} s).`,
    );
  }
}

await main();
