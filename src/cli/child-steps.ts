/**
 * The build's helper processes (the Astro step, Pagefind, the file:// copy) and how a failed build stops
 * them. A failed build removes its staging folder; a helper still writing into it would bring the
 * folder back after that (seen: Pagefind's binary kept writing its index for a few milliseconds
 * after the offline copy hit a full disk). So each helper runs in its own process group, and the
 * build kills the whole group, and waits until it is gone, before it removes anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContentError } from '../lib/problems.ts';
import { projectRoot } from '../settings.ts';

const running = new Set<ChildProcess>();

/**
 * Runs `node <nodeFlags…> <script> <args…>` in the project folder, in its own process group, with
 * this process's output; resolves when it exits with status 0, rejects with `failure` (a
 * ContentError) otherwise. With `onMessage`, the step has an IPC channel and its messages go there.
 */
export function runStep(...step: Parameters<typeof startStep>): Promise<void> {
  return startStep(...step).done;
}

/** Like runStep, and also gives the process (to send it messages when it has an IPC channel). */
export function startStep(
  script: string,
  args: string[],
  failure: string,
  env = process.env,
  nodeFlags: string[] = [],
  onMessage?: (message: unknown) => void,
): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    cwd: projectRoot,
    stdio: onMessage ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
    env,
    detached: true,
  });
  if (onMessage) child.on('message', onMessage);
  running.add(child);
  const done = new Promise<void>((resolvePromise, reject) => {
    child.on('error', (error) => {
      running.delete(child);
      reject(error);
    });
    child.on('exit', (code) => {
      running.delete(child);
      if (code === 0) resolvePromise();
      else reject(new ContentError(failure));
    });
  });
  return { child, done };
}

/** True while a process of the group led by `pid` is alive (zombies included). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills every helper still running, with the processes they started, and resolves once their
 * groups are empty (or after `limitMs`, should a process linger as an unreaped zombie).
 */
export async function stopSteps(limitMs = 2000): Promise<void> {
  const groups = [...running].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const until = performance.now() + limitMs;
  while (groups.some(groupAlive) && performance.now() < until) await sleep(10);
}

/**
 * Like Promise.all, but when one task fails it calls `stop` and waits for every task to settle
 * before rejecting with the first error: nothing started here is still writing once it rejects.
 */
export async function allOrStop<T extends readonly unknown[]>(
  tasks: { [K in keyof T]: () => Promise<T[K]> },
  stop: () => void | Promise<void> = () => {},
): Promise<T> {
  let first: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    tasks.map((task) =>
      task().catch(async (error: unknown) => {
        if (!first) {
          first = { error };
          await stop();
        }
        throw error;
      }),
    ),
  );
  if (first) throw first.error;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
