/**
 * `npm run new -- "Title of the note" [--section theory] [--tags a,b] [--root dir]`
 * Scaffolds content/notes/<slug>.md with valid frontmatter and tells the author where it is and
 * what to fill in. Refuses a title whose slug, title or alias another note already uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { splitFrontmatter } from '../lib/frontmatter.ts';
import { buildLinkIndex, resolveTarget } from '../lib/link-resolver.ts';
import { didYouMean } from '../lib/problems.ts';
import { noteSlugFromPath } from '../lib/slugs.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const root = resolve(option('root') ?? resolve(import.meta.dirname, '../..'));
const sectionArg = option('section');
const tagsArg = option('tags');
const title = args.join(' ').trim();

function fail(message: string): never {
  console.error(`npm run new: ${message}`);
  process.exit(1);
}

if (!title) fail('give the title of the note, e.g. npm run new -- "Neural tangent kernel"');
const sections = (parseYaml(readFileSync(join(root, 'content/sections.yml'), 'utf8')) as { id: string }[]).map(
  (s) => s.id,
);
const tags = (parseYaml(readFileSync(join(root, 'content/tags.yml'), 'utf8')) as { id: string }[]).map((t) => t.id);
const section = sectionArg ?? sections.find((s) => s !== 'overview') ?? sections[0];
if (!sections.includes(section))
  fail(`unknown section "${section}".${didYouMean(section, sections)} Sections: ${sections.join(', ')}`);
const chosenTags = (tagsArg ?? '')
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);
for (const t of chosenTags)
  if (!tags.includes(t)) fail(`unknown tag "${t}".${didYouMean(t, tags)} Tags are listed in content/tags.yml`);

const slug = noteSlugFromPath(`${title}.md`);
if (slug === '')
  fail(
    `"${title}" has no letter or digit to name the file after; ` +
      'give a title with words, e.g. npm run new -- "Rocket launch dynamics"',
  );
const existing = await glob('content/notes/**/*.md', { cwd: root });
const notes = existing.map((file) => {
  const data = (splitFrontmatter(readFileSync(join(root, file), 'utf8')).data ?? {}) as {
    title?: string;
    aliases?: string[];
  };
  return {
    slug: noteSlugFromPath(file),
    title: String(data.title ?? ''),
    aliases: Array.isArray(data.aliases) ? data.aliases.map(String) : [],
  };
});
const { index } = buildLinkIndex(notes);
for (const name of [slug, title]) {
  const hit = resolveTarget(index, name);
  if (hit.ok)
    fail(
      `"${name}" already names the note ${hit.slug} (content/notes/${hit.slug}.md); ` +
        'edit that note, or choose a different title',
    );
}
const path = join(root, 'content/notes', `${slug}.md`);
if (existsSync(path)) fail(`${relative(root, path)} already exists`);

const today = new Date().toISOString().slice(0, 10);
// Link the new note to an existing one, so it starts connected (the overview, if there is one).
const hub = notes.find((n) => n.slug === 'deep-learning-theory')?.slug ?? notes[0]?.slug;
const hubSentence = hub ? ` It belongs with [[${hub}]].` : '';
const body = `---
title: ${JSON.stringify(title)}
summary: ${JSON.stringify(`What ${title} is, and why it matters for understanding deep networks.`)}
section: ${section}
tags: [${chosenTags.join(', ')}]
aliases: []
related: []
updated: ${today}
---

Start with a paragraph that states the question this note answers.

## The main result

State the result with its assumptions and its formula, e.g. $\\norm{\\nabla f(x)}^2 \\ge \\alpha f(x)$.${hubSentence}
`;
await mkdir(join(root, 'content/notes'), { recursive: true });
await writeFile(path, body);
console.log(`Created ${relative(process.cwd(), path)} (slug "${slug}", section "${section}").
Next: write the summary and the body; add tags from content/tags.yml and aliases readers would search for;
link to other notes with [[slug]] and cite papers with [@key] (keys from content/references.bib);
link to this note from a related note; then run \`npm run check:content\`.`);
