import type { Plugin } from 'vite';

/**
 * KaTeX's stylesheet lists each font as woff2, woff and ttf. Every browser we support reads woff2,
 * so the other two are dropped before Vite sees them; otherwise Vite copies all three formats
 * (about 1 MB) into the site and the offline cache.
 */
export function katexWoff2Only(): Plugin {
  return {
    name: 'dlt:katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css($|\?)/.test(id)) return undefined;
      const out = code.replace(
        /,\s*url\([^)]*\.woff\)\s*format\("woff"\)\s*,\s*url\([^)]*\.ttf\)\s*format\("truetype"\)/g,
        '',
      );
      return { code: out, map: null };
    },
  };
}
