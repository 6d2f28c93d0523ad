/**
 * Measures the shape of a set of notes (length, formula density, links, citations, headings,
 * tags) and generates synthetic notes that follow it, for the benchmark. Pure: text in, text out,
 * with a seeded random source so a corpus is the same on every run.
 */

/** The measurements of one note. */
export interface NoteProfile {
  words: number;
  inlineMath: number;
  displayMath: number;
  wikilinks: number;
  citations: number;
  headings: number;
  tags: number;
}

/** What the generator draws from: per-note profiles, and pools of real formulas and words. */
export interface CorpusSample {
  profiles: NoteProfile[];
  inlineFormulas: string[];
  displayFormulas: string[];
  words: string[];
  tags: string[];
}

/** Measures one note body with cheap regular expressions (code blocks removed first). */
export function profileNote(
  body: string,
  tagCount: number,
): { profile: NoteProfile; inline: string[]; display: string[]; words: string[] } {
  const text = body.replace(/```[\s\S]*?```/g, ' ');
  const display = [...text.matchAll(/\$\$([\s\S]+?)\$\$/g)].map((m) => m[1].trim());
  const withoutDisplay = text.replace(/\$\$[\s\S]+?\$\$/g, ' ');
  const inline = [...withoutDisplay.matchAll(/(?<![\\$])\$([^$\n]+?)\$/g)].map((m) => m[1]);
  const prose = withoutDisplay
    .replace(/(?<![\\$])\$[^$\n]+?\$/g, ' ')
    .replace(/\[\[[^\]]*\]\]/g, ' ')
    .replace(/\[@[^\]]*\]/g, ' ');
  const words = prose.match(/[A-Za-z][A-Za-z'-]{1,}/g) ?? [];
  return {
    profile: {
      words: words.length + inline.length,
      inlineMath: inline.length,
      displayMath: display.length,
      wikilinks: (text.match(/\[\[[^\]]+\]\]/g) ?? []).length,
      citations: (text.match(/(?<![\w@.])@[A-Za-z0-9_][\w:.-]*\w/g) ?? []).length,
      headings: (text.match(/^#{2,4} /gm) ?? []).length,
      tags: tagCount,
    },
    inline,
    display,
    words,
  };
}

/** Median, mean and 90th percentile of one measurement across profiles. */
export function describe(values: readonly number[]): {
  mean: number;
  median: number;
  p90: number;
  min: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))] ?? 0;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { mean, median: at(0.5), p90: at(0.9), min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/** A small seeded generator (mulberry32), so generated corpora are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticFile {
  path: string;
  content: string;
}

/**
 * A synthetic corpus of `n` notes and `n / 5` papers whose per-note length, formulas, links,
 * citations, headings and tags are drawn from the measured profiles (each synthetic note copies a
 * random real profile, jittered ±20%), with formulas and words drawn from the real pools, so the
 * Markdown and KaTeX work per note matches the real notes.
 */
export function generateCorpus(sample: CorpusSample, n: number, seed = 1): SyntheticFile[] {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const jitter = (v: number) => Math.max(0, Math.round(v * (0.8 + 0.4 * rand())));
  const papers = Math.max(1, Math.round(n / 5));
  const files: SyntheticFile[] = [];
  const sentence = (len: number) => {
    const w = Array.from({ length: len }, () => pick(sample.words));
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return `${w.join(' ')}.`;
  };
  for (let i = 0; i < n; i++) {
    const p = pick(sample.profiles);
    const words = Math.max(80, jitter(p.words));
    const sections = Math.max(1, jitter(p.headings));
    const inline = jitter(p.inlineMath);
    const display = jitter(p.displayMath);
    const links = Math.max(n > 1 ? 1 : 0, jitter(p.wikilinks));
    const cites = jitter(p.citations);
    const tags = Array.from(new Set(Array.from({ length: Math.max(1, p.tags) }, () => pick(sample.tags))));
    // Sprinkle formulas, links and citations across the paragraphs.
    const paragraphs: string[][] = Array.from({ length: sections * 3 }, () => []);
    let remaining = words;
    let k = 0;
    while (remaining > 0) {
      const len = Math.min(remaining, 8 + Math.floor(rand() * 18));
      paragraphs[k % paragraphs.length].push(sentence(len));
      remaining -= len;
      k++;
    }
    const put = (piece: string) => paragraphs[Math.floor(rand() * paragraphs.length)].push(piece);
    for (let j = 0; j < inline; j++) put(`Here $${pick(sample.inlineFormulas)}$ holds.`);
    for (let j = 0; j < links; j++) {
      let target = Math.floor(rand() * n);
      if (target === i) target = (i + 1) % n;
      put(`See [[note-${target}]] for more.`);
    }
    for (let j = 0; j < cites; j++) put(`This was shown in [@paper${Math.floor(rand() * papers)}].`);
    const body: string[] = [];
    paragraphs.forEach((para, idx) => {
      if (idx % 3 === 0) body.push(`## Section ${idx / 3 + 1} of note ${i}`);
      if (para.length) body.push(para.join(' '));
    });
    for (let j = 0; j < display; j++) {
      const at = 1 + Math.floor(rand() * Math.max(1, body.length - 1));
      // A formula drawn twice into one note would repeat its \label, which the build rejects.
      const formula = pick(sample.displayFormulas).replace(
        /\\label\{([^}]*)\}/g,
        (_m, label: string) => `\\label{${label}-${j}}`,
      );
      body.splice(at, 0, `$$\n${formula}\n$$`);
    }
    files.push({
      path: `content/notes/note-${i}.md`,
      content: `---\ntitle: Synthetic note ${i}\nsummary: A generated note for the build benchmark, shaped like the real notes.\nsection: ${pick(['theory', 'empirical', 'more'])}\ntags: [${tags.join(', ')}]\naliases: [synthetic alias ${i}]\nupdated: 2026-01-01\n---\n\n${body.join('\n\n')}\n`,
    });
  }
  const bib = Array.from(
    { length: papers },
    (_, j) =>
      `@article{paper${j},\n  title = {Synthetic paper number ${j}},\n  author = {Author${j % 97}, Ada and Writer, Bo},\n  journal = {Journal of Benchmarks},\n  year = {${1990 + (j % 35)}},\n  url = {https://example.org/paper/${j}},\n  keywords = {${pick(sample.tags)}}\n}\n`,
  ).join('\n');
  files.push({ path: 'content/references.bib', content: bib });
  return files;
}
