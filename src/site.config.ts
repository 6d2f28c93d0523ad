/**
 * Site-wide settings, configured once. `DLT_BASE` and `DLT_SITE` override base and site at build
 * time, e.g. `DLT_BASE=/dl-theory/ npm run build` for a GitHub Pages project site.
 */
export const siteConfig = {
  title: 'Deep Learning Theory',
  description: 'Notes on the theory of deep learning: implicit bias, kernels, approximation, robustness and more, with the math written out and every paper cited.',
  site: process.env.DLT_SITE ?? 'https://example.github.io',
  base: process.env.DLT_BASE ?? '/',
  /** "Edit this note" links go to `${editBase}${file}`. */
  editBase: process.env.DLT_EDIT_BASE ?? 'https://github.com/example/dl-theory-kb/edit/main/',
  author: 'The DL theory notes authors',
} as const;
