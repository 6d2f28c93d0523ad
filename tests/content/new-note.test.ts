import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = (script: string, args: string[]) => spawnSync(process.execPath, [join(root, 'src/cli', script), ...args], { cwd: root, encoding: 'utf8' });

describe('npm run new', () => {
  it('scaffolds a note that passes the content checks and says where it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlt-new-'));
    cpSync(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const made = run('new-note.ts', ['Neural operators for partial differential equations', '--tags', 'generalization', '--root', dir]);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('content/notes/neural-operators-for-partial-differential-equations.md');
    const text = readFileSync(join(dir, 'content/notes/neural-operators-for-partial-differential-equations.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: "Neural operators for partial differential equations"\nsummary: .+\nsection: theory\ntags: \[generalization\]/);
    const checked = run('check-content.ts', ['--root', dir]);
    expect(checked.status, checked.stdout).toBe(0);
    expect(checked.stdout).toContain('0 errors and 1 warning');
  });

  it.each([
    [['NTK'], /"ntk" already names the note infinite-width-limits/],
    [['A new note', '--section', 'theroy'], /unknown section "theroy"\. Did you mean "theory"\?/],
    [['A new note', '--tags', 'implicit-bais'], /unknown tag "implicit-bais"\. Did you mean "implicit-bias"\?/],
    [[], /give the title of the note/],
    [['🚀'], /"🚀" has no letter or digit to name the file after/],
  ])('refuses %j with a message that says what to do', (args, message) => {
    const result = run('new-note.ts', args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});
