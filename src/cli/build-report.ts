/** What `npm run build` prints at its end: the summary of a good build, or why a build failed. */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { isContentError } from '../lib/problems.ts';
import type { OfflineCopySummary } from './offline-files.ts';
import type { buildServiceWorkerFiles } from './service-worker-files.ts';

type WorkerSummary = Awaited<ReturnType<typeof buildServiceWorkerFiles>>;

/** The last line of a good build: pages, search bundles, what the service worker precaches, the file:// copy. */
export function summary(
  dist: string,
  offlineDist: string,
  totalMs: number,
  search: { pages: number; bundles: number; reused: number; reindexed?: number },
  offline: OfflineCopySummary & WorkerSummary,
): string {
  return (
    `\nBuilt ${search.pages} pages into ${dist} in ${(totalMs / 1000).toFixed(1)} s: ` +
    `search index of ${search.pages} pages${search.bundles > 1 ? ` in ${search.bundles} bundles` : ''}` +
    `${search.reused > 0 ? ` (${search.reused} unchanged since the last build)` : ''}` +
    (search.reindexed !== undefined
      ? ` (${search.reindexed} indexed again, the others kept from the last build)`
      : '') +
    '; ' +
    (offline.precacheAll
      ? `the whole site is precached on the first visit ` +
        `(${offline.precacheFiles} files, ${mb(offline.precacheBytes)}); `
      : `first visit precaches ${offline.precacheFiles} files (${mb(offline.precacheBytes)}), ` +
        `"Save the whole site" fetches ${offline.saveFiles} more (${mb(offline.saveBytes)}); `) +
    `offline copy in ${offlineDist} (${offline.offlinePages} pages` +
    `${offline.reusedFiles > 0 ? `, ${offline.reusedFiles} files unchanged since the last build` : ''}, ` +
    `zip ${mb(offline.zipBytes)}, ` +
    `search index ${(offline.searchIndexBytes / 1024).toFixed(0)} KB).`
  );
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/**
 * " The disk … is full." when the output's file system has almost no room left (a helper process
 * may have died of it).
 */
function diskFullHint(dist: string): string {
  try {
    const fs = statfsSync(dirname(dist));
    return fs.bavail * fs.bsize < 1024 * 1024
      ? ` The disk holding ${dirname(dist)} is full (ENOSPC): free some space and build again.`
      : '';
  } catch {
    return '';
  }
}

/** What the author reads when the build fails: the cause, without a stack trace for known causes. */
export function describeFailure(error: Error, dist: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') {
    const e = error as NodeJS.ErrnoException & { dest?: string };
    const file = e.dest ?? e.path;
    return (
      `The disk is full (ENOSPC${file ? ` writing ${file}` : ''}). ` +
      'The partial build was removed; free some space and build again.'
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return `Permission denied: ${error.message}. Check that ${dirname(dist)} is writable.`;
  if (isContentError(error) || error.name === 'PublishError' || error.name === 'SettingsError')
    return `${error.message}${diskFullHint(dist)}`;
  return error.stack ?? error.message;
}
