import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allOrStop, runStep, stopSteps } from '../../src/cli/child-steps.ts';

const work = mkdtempSync(join(tmpdir(), 'dlt-steps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('allOrStop', () => {
  it('returns every result, in order, when all tasks succeed', async () => {
    expect(await allOrStop([async () => 1, async () => 'two'])).toEqual([1, 'two']);
  });

  it('rejects with the first error only after the other tasks settled, and calls stop once', async () => {
    const events: string[] = [];
    const slow = () =>
      new Promise<string>((resolve) => setTimeout(() => (events.push('slow done'), resolve('ok')), 50));
    const failing = async () => {
      throw new Error('first');
    };
    const later = () =>
      new Promise<never>((_, reject) =>
        setTimeout(() => (events.push('later failed'), reject(new Error('second'))), 20),
      );
    await expect(allOrStop([slow, failing, later], () => void events.push('stop'))).rejects.toThrow('first');
    expect(events).toEqual(['stop', 'later failed', 'slow done']);
  });
});

describe('stopSteps', () => {
  it('kills a running step and the processes it started, and returns once they are gone', async () => {
    // The step starts a grandchild that keeps writing a file, as Pagefind's binary does.
    const marker = join(work, 'written');
    const writer = join(work, 'writer.mjs');
    writeFileSync(
      writer,
      `import { writeFileSync } from 'node:fs';\nsetInterval(() => writeFileSync(${JSON.stringify(marker)}, 'x'), 5);\n`,
    );
    const script = join(work, 'step.mjs');
    writeFileSync(
      script,
      `import { spawn } from 'node:child_process';\nspawn(process.execPath, [${JSON.stringify(writer)}], { stdio: 'inherit' });\nsetInterval(() => {}, 1000);\n`,
    );
    const step = runStep(script, [], 'the step failed').catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(marker)).toBe(true);
    await stopSteps();
    expect(await step).toMatchObject({ message: 'the step failed' });
    rmSync(marker, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(marker)).toBe(false);
  });
});
