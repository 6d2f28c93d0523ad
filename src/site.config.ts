import { settings } from './settings.ts';

/**
 * Site-wide settings, configured once. `DLT_BASE` and `DLT_SITE` override base and site at build
 * time, e.g. `DLT_BASE=/dl-theory/ npm run build` for a GitHub Pages project site (src/settings.ts).
 */
export const siteConfig = {
  title: 'Deep Learning Theory',
  description:
    'Notes on the theory of deep learning: implicit bias, kernels, approximation, robustness and more, ' +
    'with the math written out and every paper cited.',
  site: settings().DLT_SITE,
  base: settings().DLT_BASE,
  /** "Edit this note" links go to `${editBase}${file}`. */
  editBase: settings().DLT_EDIT_BASE,
  author: 'The DL theory notes authors',
  /** What the site is called in a reference to one of its notes ("Cite this note"). */
  citeAs: 'Deep-learning theory knowledge base',
} as const;
