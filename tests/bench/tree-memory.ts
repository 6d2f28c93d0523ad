import { readdirSync, readFileSync } from 'node:fs';

/**
 * The memory a build holds at once. A build runs several processes side by side (the render step
 * beside Astro's start-up, Pagefind's step and binary beside the file:// copy), so the largest
 * process (what `/usr/bin/time` reports) understates it: this samples the resident memory of every
 * process under `pid` and keeps the largest sum, with what each process held at that moment.
 */
export interface TreeMemory {
  peakKb: number;
  /** Each process at the peak: its script or binary name and resident memory in KB. */
  atPeak: { name: string; kb: number }[];
}

/** Parent of every process (Linux /proc). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the fields after ") " are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      map.set(Number(entry), Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]));
    } catch {
      // Gone since the listing.
    }
  }
  return map;
}

function descendants(root: number): number[] {
  const all = parents();
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of all)
      if (!found.has(pid) && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
  }
  return [...found];
}

function residentKb(pid: number): { name: string; kb: number } | undefined {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // `node <script>`: the script says which step it is; anything else (a binary, /usr/bin/time) names itself.
    const script = argv[0]?.endsWith('node') ? argv.find((a) => /\.(ts|mjs|js)$/.test(a)) : undefined;
    const name = (script ?? argv[0] ?? String(pid)).split('/').pop() ?? '';
    return { name, kb };
  } catch {
    return undefined;
  }
}

/** Samples the tree under `pid` every `everyMs` until `stop()` is called, which returns the peak. */
export function sampleTreeMemory(pid: number, everyMs = 100): { stop: () => TreeMemory } {
  let peak: TreeMemory = { peakKb: 0, atPeak: [] };
  const sample = () => {
    const now = descendants(pid).flatMap((p) => residentKb(p) ?? []);
    const kb = now.reduce((sum, p) => sum + p.kb, 0);
    if (kb > peak.peakKb) peak = { peakKb: kb, atPeak: now.filter((p) => p.kb > 0) };
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
