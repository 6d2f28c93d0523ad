/**
 * Publishing a finished build: moving the staged folders onto `dist/` and `dist-offline/` so that a
 * reader (or a deploy script) sees either the whole old site or the whole new one, and a failure at
 * any point leaves the old site in place. Used by src/cli/build.ts; unit-tested with injected
 * failures in tests/unit/publish.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file each published folder carries, listing the top-level entries the build wrote there. */
export const MANIFEST = '.dlt-build.json';

/** The file-system calls publishing makes, injectable so tests can make any of them fail. */
export interface PublishFs {
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
  readdir(path: string): Promise<string[]>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
}

export const realFs: PublishFs = {
  rename: (a, b) => fs.rename(a, b),
  rm: (p, o) => fs.rm(p, o),
  readdir: (p) => fs.readdir(p),
  readFile: (p, e) => fs.readFile(p, e),
  writeFile: (p, d) => fs.writeFile(p, d),
};

/** One folder to publish: the staged build and where it goes. */
export interface Publication {
  staged: string;
  target: string;
}

/** A publish that failed; `restored` says whether every target holds its previous content again. */
export class PublishError extends Error {
  readonly restored: boolean;
  /** When not restored: where the previous site was left, so nothing is deleted. */
  readonly preserved: string[];
  constructor(message: string, restored: boolean, preserved: string[] = []) {
    super(message);
    this.name = 'PublishError';
    this.restored = restored;
    this.preserved = preserved;
  }
}

/**
 * Entries of an existing published folder that the build did not write and must carry over: the
 * user's `.git`, `CNAME`, `.nojekyll` and the like. With a manifest from the previous build, that is
 * everything the manifest does not list; without one (a folder from before manifests, or made by
 * hand), dotfiles and CNAME only, since anything else there may be a stale page of an old build.
 */
export async function userEntries(target: string, io: PublishFs = realFs): Promise<string[]> {
  if (!existsSync(target)) return [];
  const entries = await io.readdir(target);
  let built: Set<string> | undefined;
  try {
    built = new Set((JSON.parse(await io.readFile(join(target, MANIFEST), 'utf8')) as { entries: string[] }).entries);
  } catch {
    built = undefined;
  }
  return entries.filter(
    (name) => name !== MANIFEST && (built ? !built.has(name) : name.startsWith('.') || name === 'CNAME'),
  );
}

/**
 * Publishes every staged folder onto its target, all or nothing. For each target: the user's own
 * entries move into the staged folder, the old folder is renamed aside (into `parking`), and the
 * staged folder is renamed into place; renames within one file system are atomic. If any step
 * fails, every step already done is undone in reverse order and a PublishError says so; only when
 * all succeeded are the old folders deleted, by `discard` (by default at once; the build removes them
 * with the parking folder, see discardLater).
 */
export async function publish(
  items: Publication[],
  parking: string,
  io: PublishFs = realFs,
  warn: (message: string) => void = () => {},
  discard: (parked: string[]) => Promise<unknown> = (parked) =>
    Promise.all(parked.map((aside) => io.rm(aside, { recursive: true, force: true }))),
): Promise<void> {
  const undo: { label: string; run: () => Promise<void> }[] = [];
  const parked: string[] = [];
  try {
    for (const { staged, target } of items) {
      const ownEntries = await io.readdir(staged);
      await io.writeFile(join(staged, MANIFEST), JSON.stringify({ entries: ownEntries }));
      for (const name of await userEntries(target, io)) {
        if (ownEntries.includes(name)) {
          warn(
            `${join(target, name)} was added by hand but the build writes a file of that name; ` +
              "the build's version is published",
          );
          continue;
        }
        await io.rename(join(target, name), join(staged, name));
        undo.push({
          label: `move ${name} back into ${target}`,
          run: () => io.rename(join(staged, name), join(target, name)),
        });
      }
      const aside = join(parking, `old-${basename(target)}`);
      if (existsSync(target)) {
        await io.rename(target, aside);
        parked.push(aside);
        undo.push({ label: `restore ${target}`, run: () => io.rename(aside, target) });
      }
      await io.rename(staged, target);
      undo.push({ label: `take the new build out of ${target}`, run: () => io.rename(target, staged) });
    }
  } catch (error) {
    const failed: string[] = [];
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch (e) {
        failed.push(`${step.label}: ${(e as Error).message}`);
      }
    }
    const cause = (error as Error).message;
    if (failed.length === 0)
      throw new PublishError(`could not move the new site into place (${cause}); the previous site was put back`, true);
    throw new PublishError(
      `could not move the new site into place (${cause}), and could not undo every step (${failed.join('; ')}). ` +
        `The previous site is kept in ${parked.join(' and ')}: move it back by hand`,
      false,
      parked,
    );
  }
  await discard(parked);
}

/** The prefix of a folder being removed in the background (see discardLater). */
export const DISCARD_PREFIX = '.discard-';

/**
 * Removes a folder without waiting for it: it is renamed to `.discard-<pid>` beside it (atomic, and
 * out of the `.build-*` names a later build would take for a stopped build's), then deleted by a
 * detached process. The previous site, parked in the staging folder by the swap, is 1,339 pages and
 * their file:// copies at 1,000 notes: deleting it took 0.4-0.7 s at the end of every build. A build
 * removes any `.discard-*` folder whose build is gone, should a removal not have finished.
 */
export async function discardLater(folder: string): Promise<void> {
  const trash = join(dirname(folder), `${DISCARD_PREFIX}${process.pid}`);
  try {
    await fs.rename(folder, trash);
  } catch {
    await fs.rm(folder, { recursive: true, force: true });
    return;
  }
  const remove = 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true, maxRetries: 3 })';
  const child = spawn(process.execPath, ['-e', remove, trash], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
}

/** True when the process with this id is running (on this machine). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders in `parent` named `<prefix><pid>` whose build process is gone. */
export async function deadBuildFolders(parent: string, prefix: string, io: PublishFs = realFs): Promise<string[]> {
  const out: string[] = [];
  for (const name of await io.readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) out.push(join(parent, name));
  }
  return out;
}

/**
 * Cleans up after builds that were killed: every `.build-<pid>` folder next to `dist` whose process
 * is gone is removed, after putting back any old site it had parked while its swap was under way
 * (a build killed between its renames leaves the only copy of the old site there, and the user's
 * own entries in the staged folder). `targets` maps each published folder to its staged folder's
 * name inside `.build-<pid>`. Returns what it did, for the log.
 */
export async function recoverStaleBuilds(
  dist: string,
  targets: { target: string; stagedName: string }[],
  io: PublishFs = realFs,
): Promise<string[]> {
  const done: string[] = [];
  for (const folder of await deadBuildFolders(dirname(dist), '.build-', io)) {
    for (const { target, stagedName } of targets) {
      const aside = join(folder, `old-${basename(target)}`);
      if (!existsSync(aside) || existsSync(target)) continue;
      await io.rename(aside, target);
      const staged = join(folder, stagedName);
      // Entries the staged folder holds beyond what the build wrote are the user's, moved in for the swap.
      for (const entry of await userEntries(staged, io).catch(() => [] as string[]))
        await io.rename(join(staged, entry), join(target, entry));
      done.push(`restored ${target} from a build that was stopped while publishing`);
    }
    await io.rm(folder, { recursive: true, force: true });
    done.push(`removed ${folder}, left by a build that was stopped`);
  }
  return done;
}

/** Moves a folder, copying when it must cross file systems. */
export async function moveFolder(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await fs.cp(from, to, { recursive: true });
    await fs.rm(from, { recursive: true, force: true });
  }
}
