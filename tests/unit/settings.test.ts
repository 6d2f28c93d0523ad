import { describe, expect, it } from 'vitest';
import { readSettings, repositoryUrl } from '../../src/settings.ts';

const pkg = {
  homepage: 'https://ada.github.io/dl-notes/',
  repository: { type: 'git', url: 'git+https://github.com/ada/dl-notes.git' },
};

describe('settings: where the site is published comes from package.json', () => {
  it('takes origin, base path and edit links from homepage and repository', () => {
    const s = readSettings({}, pkg);
    expect([s.DLT_SITE, s.DLT_BASE, s.DLT_EDIT_BASE]).toEqual([
      'https://ada.github.io',
      '/dl-notes/',
      'https://github.com/ada/dl-notes/edit/main/',
    ]);
    expect(s.placeholders).toEqual([]);
  });

  it('lets DLT_* variables override package.json for one build', () => {
    const s = readSettings(
      { DLT_SITE: 'https://preview.example.org', DLT_BASE: '/', DLT_EDIT_BASE: 'https://git.example.org/e/' },
      pkg,
    );
    expect([s.DLT_SITE, s.DLT_BASE, s.DLT_EDIT_BASE]).toEqual([
      'https://preview.example.org',
      '/',
      'https://git.example.org/e/',
    ]);
  });

  it('warns about each value that is still a placeholder, saying what to set', () => {
    const s = readSettings(
      {},
      { homepage: 'https://example.github.io/', repository: 'https://github.com/example/dl-theory-kb' },
    );
    expect(s.placeholders).toHaveLength(2);
    expect(s.placeholders[0]).toMatch(
      /placeholder https:\/\/example\.github\.io.*set "homepage" in package\.json \(or DLT_SITE\)/,
    );
    expect(s.placeholders[1]).toMatch(/"Edit this note".*set "repository" in package\.json \(or DLT_EDIT_BASE\)/);
    expect(readSettings({}, {}).placeholders).toHaveLength(2);
  });

  it('reads the repository forms npm accepts', () => {
    expect(repositoryUrl('ada/dl-notes')).toBe('https://github.com/ada/dl-notes');
    expect(repositoryUrl('github:ada/dl-notes')).toBe('https://github.com/ada/dl-notes');
    expect(repositoryUrl('gitlab:ada/dl-notes')).toBe('https://gitlab.com/ada/dl-notes');
    expect(repositoryUrl({ url: 'git+https://github.com/ada/dl-notes.git' })).toBe('https://github.com/ada/dl-notes');
    expect(repositoryUrl({ url: 'git://github.com/ada/dl-notes.git' })).toBe('https://github.com/ada/dl-notes');
    expect(readSettings({}, { repository: 'gitlab:ada/dl-notes' }).DLT_EDIT_BASE).toBe(
      'https://gitlab.com/ada/dl-notes/-/edit/main/',
    );
  });

  it('reports a homepage that is not an address, and a DLT_SITE with a path', () => {
    expect(() => readSettings({}, { homepage: 'not a url' })).toThrow(
      /package\.json homepage: "not a url" is not an address/,
    );
    expect(() => readSettings({ DLT_SITE: 'https://ada.github.io/notes' }, pkg)).toThrow(/DLT_SITE must be an origin/);
  });
});

describe('settings: the DLT_* variables', () => {
  it('gives the defaults when nothing is set, and reads numbers, flags and trimmed text', () => {
    const defaults = readSettings({}, pkg);
    expect([defaults.DLT_WORKERS, defaults.DLT_PAGEFIND_BATCH, defaults.DLT_NOTE_BUDGET_MS]).toEqual([
      undefined,
      1350,
      20_000,
    ]);
    expect([defaults.DLT_PRECACHE_ALL_MB, defaults.DLT_QUIET, defaults.DLT_TIMINGS]).toEqual([10, false, undefined]);
    const set = readSettings(
      {
        DLT_WORKERS: ' 3 ',
        DLT_PAGEFIND_BATCH: '900',
        DLT_PRECACHE_ALL_MB: '2.5',
        DLT_QUIET: '1',
        DLT_MEMORY: 'false',
        DLT_TIMINGS: '  /tmp/t.json ',
        DLT_DIST: '   ',
      },
      pkg,
    );
    expect([set.DLT_WORKERS, set.DLT_PAGEFIND_BATCH, set.DLT_PRECACHE_ALL_MB]).toEqual([3, 900, 2.5]);
    expect([set.DLT_QUIET, set.DLT_MEMORY, set.DLT_TIMINGS]).toEqual([true, false, '/tmp/t.json']);
    expect(set.dist).toBe(defaults.dist);
  });

  it('lists every bad variable in one error, each with what to write instead', () => {
    let message = '';
    try {
      readSettings(
        { DLT_WORKERS: 'two', DLT_PAGEFIND_BATCH: '0', DLT_NOTE_BUDGET_MS: '50', DLT_PRECACHE_ALL_MB: '10MB' },
        pkg,
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Invalid build settings:',
      '  DLT_WORKERS: DLT_WORKERS must be a whole number, like 4',
      '  DLT_PAGEFIND_BATCH: DLT_PAGEFIND_BATCH must be at least 1',
      '  DLT_NOTE_BUDGET_MS: DLT_NOTE_BUDGET_MS must be at least 100',
      '  DLT_PRECACHE_ALL_MB: DLT_PRECACHE_ALL_MB must be a number of megabytes, like 10 or 2.5',
    ]);
  });
});
