import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import type { CitationLabel } from '../lib/citations.ts';
import { resolveTarget, type LinkIndex } from '../lib/link-resolver.ts';
import { RENDER_VERSION, type RenderOutput } from './render-note.ts';

/** A short stable hash of any JSON-able value. */
export function hashOf(value: unknown): string {
  return createHash('sha1')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('base64url')
    .slice(0, 16);
}

/** What renderFingerprint reads besides the note's own dependencies. */
export interface FingerprintContext {
  index: LinkIndex;
  labels: ReadonlyMap<string, CitationLabel>;
  figureHashes: ReadonlyMap<string, string>;
  base: string;
  renderer: string;
}

/**
 * One key for a whole fingerprint context, given a key of the names the link index was built from
 * (every note's slug, title, aliases and path): two contexts with the same key give every note the
 * same fingerprint, so `npm run dev` does not compute again one that matched under this key.
 */
export function fingerprintContextKey(ctx: Omit<FingerprintContext, 'index'>, namesKey: string): string {
  return hashOf([RENDER_VERSION, ctx.renderer, ctx.base, namesKey, [...ctx.labels], [...ctx.figureHashes]]);
}

/**
 * What a note's rendered HTML depends on outside its own source: how its link targets resolve
 * (and their titles, which are the default link labels), its citation labels, its figures, the
 * base path and the renderer version. A cached render is reused only when its source hash and
 * this fingerprint both match, so renaming a target note re-renders every note that links to it.
 */
export function renderFingerprint(deps: RenderOutput['deps'], ctx: FingerprintContext): string {
  const title = (slug: string | undefined) => (slug ? `${slug}:${ctx.index.notes.get(slug)?.title ?? ''}` : '?');
  return hashOf([
    RENDER_VERSION,
    ctx.renderer,
    ctx.base,
    deps.targets.map((t) => {
      if (t === '') return '';
      const r = resolveTarget(ctx.index, t);
      return r.ok ? title(r.slug) : `!${r.reason}`;
    }),
    deps.paths.map((p) => title(ctx.index.byPath.get(p))),
    deps.keys.map((k) => {
      const l = ctx.labels.get(k);
      return l ? `${l.authors}|${l.year}` : '?';
    }),
    deps.figures.map((f) => ctx.figureHashes.get(f) ?? '?'),
  ]);
}

/**
 * A hash of the code that turns Markdown into HTML (the render pipeline, its plugins and library
 * code, and the KaTeX version), so editing a plugin invalidates every cached render without anyone
 * remembering to bump a version number.
 */
export async function rendererVersion(): Promise<string> {
  const srcDir = import.meta.url.startsWith('file:')
    ? fileURLToPath(new URL('../', import.meta.url))
    : `${process.cwd()}/src/`;
  const files = (
    await glob(
      ['pipeline/render-note.ts', 'pipeline/note-processor.ts', 'plugins/*.ts', 'lib/*.ts', 'lib/import/tex-*.ts'],
      { cwd: srcDir },
    )
  ).sort();
  const parts = await Promise.all(files.map((f) => readFile(`${srcDir}${f}`, 'utf8').catch(() => '')));
  const katexVersion = await readFile(`${srcDir}../node_modules/katex/package.json`, 'utf8')
    .then((t) => JSON.parse(t).version as string)
    .catch(() => '?');
  return hashOf([files, parts, katexVersion]);
}
