/**
 * How Pagefind ranks results, shared by the search UI and the search-quality test.
 * Pagefind boosts pages whose title matches the query (5x by default), so a paper titled
 * "The Information Bottleneck Method" outranked the note that explains the bottleneck. A note's
 * aliases (the names readers type) get the same boost as titles, and length normalisation is
 * weakened because notes are long and papers short.
 * See https://pagefind.app/docs/ranking/ for the parameters.
 */
export const SEARCH_RANKING = {
  pageLength: 0.25,
  metaWeights: { title: 5.0, aliases: 5.0 },
} as const;
