import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The size rules of the code (README, "Working on the code"): a file of src/ reads in one sitting,
 * a function on one screen. Stylesheets are left out: one rule per block is long but not hard to read.
 */
const MAX_FILE_LINES = 250;
const MAX_FUNCTION_LINES = 80;

/** Prettier's print width (.prettierrc); it cannot break strings or Astro templates, so this rule checks them too. */
const MAX_LINE_LENGTH = 120;

const root = resolve(import.meta.dirname, '../..');
const sources = globSync(['src/**/*.ts', 'src/**/*.mjs'], { cwd: root }).sort();
const lineSources = globSync(['src/**/*.{ts,mjs,astro,css}', 'astro.config.mjs'], { cwd: root }).sort();

/** Every line over the limit, as `path:line (length)`; length in characters (code points), not bytes. */
function longLines(paths: string[], read = (path: string) => readFileSync(resolve(root, path), 'utf8')): string[] {
  return paths.flatMap((path) =>
    read(path)
      .split('\n')
      .map((line, i) => [i + 1, [...line].length] as const)
      .filter(([, length]) => length > MAX_LINE_LENGTH)
      .map(([line, length]) => `${path}:${line} (${length})`),
  );
}

/** Every function, method and arrow function over the limit in a file's text, as [`path name`, lines]. */
function longFunctions(path: string, text = readFileSync(resolve(root, path), 'utf8')): [string, number][] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: [string, number][] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = file.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = file.getLineAndCharacterOfPosition(node.getEnd()).line - first + 1;
      const name = node.name?.getText(file) ?? '(anonymous)';
      if (lines > MAX_FUNCTION_LINES) found.push([`${path} ${name}`, lines]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the size of the code in src/', () => {
  it('finds the source files', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const lines = (path: string) => readFileSync(resolve(root, path), 'utf8').split('\n').length - 1;
    const long = sources.filter((path) => lines(path) > MAX_FILE_LINES).map((path) => `${path} (${lines(path)} lines)`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(sources.flatMap((path) => longFunctions(path)).map(([name, lines]) => `${name} (${lines} lines)`)).toEqual(
      [],
    );
  });

  it(`no line in src/ or astro.config.mjs is over ${MAX_LINE_LENGTH} characters`, () => {
    expect(lineSources).toContain('astro.config.mjs');
    expect(lineSources.filter((path) => path.endsWith('.astro')).length).toBeGreaterThan(10);
    expect(longLines(lineSources)).toEqual([]);
  });

  it('catches a line one character over the limit, and passes one at the limit', () => {
    const text = `${'x'.repeat(MAX_LINE_LENGTH)}\n${'y'.repeat(MAX_LINE_LENGTH + 1)}\n`;
    expect(longLines(['x.ts'], () => text)).toEqual([`x.ts:2 (${MAX_LINE_LENGTH + 1})`]);
  });

  it('catches a function one line over the limit, and passes one at the limit', () => {
    const fn = (lines: number) =>
      `export function big() {\n${Array.from({ length: lines - 2 }, (_, i) => `  const x${i} = ${i};`).join('\n')}\n}\n`;
    expect(longFunctions('x.ts', fn(MAX_FUNCTION_LINES + 1))).toEqual([['x.ts big', MAX_FUNCTION_LINES + 1]]);
    expect(longFunctions('x.ts', fn(MAX_FUNCTION_LINES))).toEqual([]);
  });
});
