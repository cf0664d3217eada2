import { trigramOverlap } from '../analysis/wordTrigrams.js';

export interface VersionedCandidate {
  documentId: string;
  text: string;
  score: number;
  /** Share of the question the passage covers; a newer version covering less does not take the older one's place. */
  coverage?: number;
}

/** Share of word trigrams two passages have in common for them to count as the same passage. */
export const SAME_PASSAGE_THRESHOLD = 0.4;

/**
 * When a passage of an older plan and its counterpart in the plan that supersedes it are both
 * candidates, the newer one ranks at least as high, unless it covers less of the question: the
 * newest plan states Seko's current position. Scores are adjusted in place; returns the candidates sorted by score.
 */
export function preferCurrentVersion<T extends VersionedCandidate>(candidates: T[], supersededBy: Map<string, string[]>, considered = 20): T[] {
  // Only the best candidates can reach an answer; comparing all pairs would cost more than the search.
  const top = [...candidates].sort((a, b) => b.score - a.score).slice(0, considered);
  for (const older of top) {
    const newerDocs = supersededBy.get(older.documentId);
    if (!newerDocs) continue;
    for (const newer of top) {
      if (!newerDocs.includes(newer.documentId) || newer.score > older.score) continue;
      // The newer version may have dropped just what was asked about ("samverkan med Socialdemokraterna").
      if ((newer.coverage ?? 0) < (older.coverage ?? 0)) continue;
      if (trigramOverlap(older.text, newer.text) >= SAME_PASSAGE_THRESHOLD) newer.score = older.score * 1.0001;
    }
  }
  return [...candidates].sort((a, b) => b.score - a.score);
}
