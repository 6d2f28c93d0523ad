/**
 * html-validate (recommended rules) on every page of a built site, in a worker thread: the browser
 * tests of the same file leave a core idle, and validating 1,600 pages takes half a minute of it.
 * Usage: `validateSite(dir)` resolves with one line per problem, `page:line:col message [rule]`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { HtmlValidate, type RuleConfig } from 'html-validate';

const rules: RuleConfig = {
  // KaTeX positions glyphs with inline style attributes; the CSP allows exactly those.
  'no-inline-style': 'off',
  // Astro's inline scripts and styles are hashed by the CSP.
  'require-sri': 'off',
  // KaTeX's MathML and the <pagefind-*> custom elements.
  'no-unknown-elements': 'off',
  // Long attribute values (KaTeX styles, the CSP) and lines are generated, not authored.
  'long-title': 'off',
  // Equation ids are their labels (`eq:pl-inequality`); HTML allows any id without spaces, and
  // links land on them (the link check in soundness.test.ts proves it).
  'valid-id': ['error', { relaxed: true }],
};

/** Every .html file of a built site, as paths relative to it, sorted. */
export async function htmlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => posix.relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function validate(dir: string): Promise<string[]> {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules });
  const failures: string[] = [];
  for (const f of await htmlFiles(dir)) {
    const report = await validator.validateString(await readFile(join(dir, f), 'utf8'), f);
    for (const r of report.results)
      for (const m of r.messages) failures.push(`${f}:${m.line}:${m.column} ${m.message} [${m.ruleId}]`);
  }
  return failures;
}

/** Starts validating `dir` on a worker thread; the promise settles when every page is checked. */
export function validateSite(dir: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { validateSite: dir } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`the validation worker exited with ${code}`)));
  });
}

// In the worker thread this module was started as (not when a test imports it).
const job = (workerData as { validateSite?: string } | null)?.validateSite;
if (!isMainThread && parentPort && job) parentPort.postMessage(await validate(job));
