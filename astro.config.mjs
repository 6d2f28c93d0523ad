// @ts-check
import { relative } from 'node:path';
import { defineConfig, fontProviders } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { katexMacros } from './src/lib/katex-macros.ts';
import { siteConfig } from './src/site.config.ts';
import { settings } from './src/settings.ts';
import { katexWoff2Only } from './src/integrations/katex-woff2-only.ts';
import { corpusReload } from './src/integrations/corpus-reload.ts';

const serif = '@fontsource-variable/source-serif-4/files/source-serif-4';
const latinExt =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,' +
  'U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C4,U+2113,U+2C60-2C7F,U+A720-A7FF';
const latin =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,' +
  'U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';

/**
 * What Vite's watcher leaves alone: the folders `npm run build` writes or removes (see src/cli/build.ts
 * and discardLater in src/cli/publish.ts), and the content folder, which the notes' loader watches
 * itself (src/loaders/watch-tree.ts: chokidar lists a folder of 5,000 notes again after every save in it).
 */
function unwatchedFolders() {
  const dist = relative(process.cwd(), settings().dist) || 'dist';
  const content = `${settings().contentRoot}/content`;
  return [
    '**/.astro/out/**',
    `**/${dist}/**`,
    `**/${dist}-offline/**`,
    '**/.build-*/**',
    '**/.discard-*/**',
    (/** @type {string} */ path) => path === content || path.startsWith(`${content}/`),
  ];
}

// astro.config only wires: the pieces live in src/.
// Notes are rendered by our own loader (src/loaders/corpus-loader.ts) with remark-math + rehype-katex;
// this processor covers any other Markdown Astro renders, with the same macros.
export default defineConfig({
  site: siteConfig.site,
  base: siteConfig.base,
  outDir: settings().DLT_OUT_DIR ?? './dist',
  // Astro's content store lives with the checkout, under the build lock (src/cli/build.ts), not in
  // node_modules/.astro: two checkouts sharing one node_modules (git worktrees) built at once read
  // each other's half-written store, and one published a site with no notes. The benchmark gives
  // each run its own folder, so cold runs are really cold.
  cacheDir: settings().DLT_ASTRO_CACHE_DIR ?? './.astro/cache',
  // Pages whose key (src/lib/page-keys.ts) and template are unchanged are copied from the previous
  // build (kept in cacheDir) instead of rendered: editing one note re-renders a few pages, not all.
  experimental: { incrementalBuild: true },
  trailingSlash: 'always',
  // Four pages at a time: while one waits for its note's HTML to be read or its file to be written,
  // another renders. Page generation at 1,000 notes: 13.6-14.9 s at one, 10.6-10.9 s at four (eight and
  // sixteen did no better); after an edit 3.6-3.9 s, 2.6-2.8 s. Output is the same, page by page.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  markdown: {
    // No code highlighting: Shiki's inline styles would break the Content-Security-Policy.
    syntaxHighlight: false,
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, { macros: { ...katexMacros } }]],
    }),
  },
  fonts: [
    {
      provider: fontProviders.local(),
      name: 'Source Serif 4',
      cssVariable: '--font-text',
      fallbacks: ['Georgia', 'serif'],
      options: {
        variants: [
          { src: [`${serif}-latin-wght-normal.woff2`], weight: '200 900', style: 'normal', unicodeRange: [latin] },
          { src: [`${serif}-latin-wght-italic.woff2`], weight: '200 900', style: 'italic', unicodeRange: [latin] },
          {
            src: [`${serif}-latin-ext-wght-normal.woff2`],
            weight: '200 900',
            style: 'normal',
            unicodeRange: [latinExt],
          },
          {
            src: [`${serif}-latin-ext-wght-italic.woff2`],
            weight: '200 900',
            style: 'italic',
            unicodeRange: [latinExt],
          },
        ],
      },
    },
  ],
  // A strict Content-Security-Policy as a <meta> tag on every page: scripts and stylesheets only from
  // this origin or with Astro's hashes; WebAssembly for Pagefind; inline style *attributes* only,
  // because KaTeX positions glyphs with them (they cannot run code).
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  vite: {
    plugins: [katexWoff2Only(), corpusReload()],
    build: { assetsInlineLimit: 0 },
    // What `npm run build` writes inside the project: Astro's output before it is moved (.astro/out),
    // the staging folder and the published site. Vite announces a page reload for every HTML file that
    // changes under the project: a build run beside `npm run dev` printed 1,888 of them in the author's
    // terminal (and sent each to the open pages). And the content folder (see unwatchedFolders).
    server: { watch: { ignored: unwatchedFolders() } },
  },
  devToolbar: { enabled: false },
  prefetch: false,
});
