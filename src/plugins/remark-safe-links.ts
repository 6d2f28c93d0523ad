import type { Definition, Link, Root } from 'mdast';
import { visit } from '../lib/walk.ts';
import type { VFile } from 'vfile';
import { isSafeUrl } from '../lib/safe-url.ts';
import { report, startOf } from './note-file.ts';

/**
 * Refuses links whose URL would run code or load something unexpected when clicked:
 * `[x](javascript:…)`, autolinks `<vbscript:…>`, reference definitions `[x]: data:…`, in any
 * spelling (see isSafeUrl). Each is reported, and its URL is emptied so that even a render that
 * is not stopped publishes nothing clickable.
 */
export default function remarkSafeLinks() {
  return (tree: Root, file: VFile) => {
    visit(tree, (node) => {
      if (node.type !== 'link' && node.type !== 'definition') return;
      const target = node as Link | Definition;
      if (isSafeUrl(target.url)) return;
      const shown = target.url.length > 60 ? `${target.url.slice(0, 57)}…` : target.url;
      report(
        file,
        startOf(target),
        `link to "${shown}" is not allowed: ` +
          'links may only be http(s), mailto or relative (to another note, write [[note-slug]])',
        'unsafe-link',
      );
      target.url = '';
    });
  };
}
