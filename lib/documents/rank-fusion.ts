/** The constant of reciprocal rank fusion: damps the weight of the very first ranks. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: one ranking from several, each item scoring the sum of 1 / (k + rank) over
 * the rankings that hold it (rank from 1). Needs no comparable scores, only orders; ties keep the
 * order of first appearance.
 */
export function fuseRanks<T>(rankings: T[][], k = RRF_K): { item: T; score: number }[] {
  const scores = new Map<T, number>();
  for (const ranking of rankings)
    ranking.forEach((item, index) => {
      scores.set(item, (scores.get(item) ?? 0) + 1 / (k + index + 1));
    });
  return [...scores].map(([item, score]) => ({ item, score })).sort((a, b) => b.score - a.score);
}
