/** Reciprocal-rank-fusion constant; 60 is the value from Cormack et al. (2009) and rarely worth changing. */
export const RRF_K = 60;

export interface RankedList {
  /** Passage indexes, best first. */
  ranking: number[];
  weight: number;
}

/**
 * Reciprocal rank fusion: each list adds weight / (k + rank) for each passage it ranks. Robust to
 * the two retrievers' incomparable score scales. Returns passage index → fused score.
 */
export function fuseRankings(lists: RankedList[], k: number = RRF_K): Map<number, number> {
  const fused = new Map<number, number>();
  for (const { ranking, weight } of lists) {
    ranking.forEach((index, rank) => fused.set(index, (fused.get(index) ?? 0) + weight / (k + rank + 1)));
  }
  return fused;
}
