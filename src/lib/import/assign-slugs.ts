import { slug as githubSlug } from 'github-slugger';
import { normalizeName } from '../link-resolver.ts';
import { fileStem } from './catalog.ts';

/**
 * Slugs for imported notes: the file name slugified as the site does it. When two files give one
 * slug (`Foo.md` and `foo.md`, `ntk.md` in two folders) or a note of the site has it, the first
 * file in a fixed order (shallowest, then by path) keeps it and the others get their folder's name
 * in front or a number after, so the same folder always imports to the same slugs.
 */

export interface SlugRequest {
  path: string;
  title: string;
}

export interface SlugAssignment {
  path: string;
  slug: string;
  /** Why the slug is not the file name's, for the report. */
  reason?: string;
  /** True when it replaces a note of the site (`--force`). */
  overwrite?: boolean;
}

export interface ExistingNote {
  slug: string;
  title: string;
}

const depth = (path: string) => path.split('/').length;
const byPath = (a: SlugRequest, b: SlugRequest) =>
  depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The slug a file's name gives (its title's, for a name with no letter or digit). */
export function baseSlug(request: SlugRequest): string {
  return githubSlug(fileStem(request.path)) || githubSlug(request.title) || 'note';
}

/**
 * Assigns every request a slug no other note has. A site note with the same slug and the same
 * title is the same note imported before: it is replaced with `force`, otherwise the file is
 * listed in `refused` and nothing should be written.
 */
export function assignSlugs(
  requests: readonly SlugRequest[],
  existing: readonly ExistingNote[],
  force: boolean,
): { assignments: SlugAssignment[]; refused: SlugRequest[] } {
  const site = new Map(existing.map((n) => [n.slug, n]));
  const taken = new Set(site.keys());
  const sorted = [...requests].sort(byPath);
  const assignments = new Map<string, SlugAssignment>();
  /** slug → the imported file that holds it */
  const holders = new Map<string, string>();
  const refused: SlugRequest[] = [];
  const later: SlugRequest[] = [];
  // First pass: each slug goes to the first file that asks for it, unless the site has it.
  for (const r of sorted) {
    const slug = baseSlug(r);
    const owner = site.get(slug);
    if (owner && normalizeName(owner.title) === normalizeName(r.title) && !holders.has(slug)) {
      holders.set(slug, r.path);
      if (force)
        assignments.set(r.path, {
          path: r.path,
          slug,
          overwrite: true,
          reason: `replaces content/notes/${slug}.md, a note of the same title (--force)`,
        });
      else refused.push(r);
    } else if (!taken.has(slug)) {
      taken.add(slug);
      holders.set(slug, r.path);
      assignments.set(r.path, { path: r.path, slug });
    } else later.push(r);
  }
  const folderOf = (path: string) => path.split('/').slice(0, -1).join('/');
  for (const r of later) {
    const slug = baseSlug(r);
    const holder = holders.get(slug);
    const folder = githubSlug((folderOf(r.path).split('/').pop() ?? '').replace(/^_+/, ''));
    // Same name in another folder: the folder tells them apart. Otherwise (case, a site note): a number.
    let chosen =
      holder !== undefined && folder !== '' && folderOf(holder) !== folderOf(r.path) ? `${folder}-${slug}` : '';
    for (let n = 2; chosen === '' || taken.has(chosen); n++) chosen = `${slug}-${n}`;
    taken.add(chosen);
    const by = holder !== undefined ? `"${holder}"` : `content/notes/${slug}.md`;
    assignments.set(r.path, {
      path: r.path,
      slug: chosen,
      reason: `the slug "${slug}" is taken by ${by}; imported as content/notes/${chosen}.md`,
    });
  }
  return {
    assignments: requests.map((r) => assignments.get(r.path)).filter((a): a is SlugAssignment => a !== undefined),
    refused,
  };
}
