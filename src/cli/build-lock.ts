import { rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Astro writes intermediate files into <root>/.astro/.prerender, so two builds of one checkout at
 * once corrupt each other (seen when the benchmark and the tests overlapped). A lock directory
 * (created atomically) makes a second build wait for the first.
 */
export async function acquireLock(root: string): Promise<() => Promise<void>> {
  const lock = join(root, '.astro', 'build.lock');
  await mkdir(join(root, '.astro'), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (let announced = false; ;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      const release = () => rm(lock, { recursive: true, force: true });
      process.once('exit', () => rmSync(lock, { recursive: true, force: true }));
      return release;
    } catch {
      const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
      if (!isAlive(owner)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another build (pid ${owner}) has held ${lock} for 30 minutes`);
      if (!announced) console.log(`Waiting for another build of this checkout (pid ${owner}) to finish…`);
      announced = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Whether a process with this id is running (signal 0 only asks). */
function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
