import { tokenize } from '../analysis/fold.js';

export interface VersionedCandidate {
  documentId: string;
  text: string;
  score: number;
}

/** Share of word trigrams two passages have in common for them to count as the same passage. */
export const SAME_PASSAGE_THRESHOLD = 0.4;

function trigrams(text: string): Set<string> {
  const words = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) out.add(words.slice(i, i + 3).join(' '));
  return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared += 1;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/**
 * When a passage of an older plan and its counterpart in the plan that supersedes it are both
 * candidates, the newer one ranks at least as high: the newest plan states Seko's current
 * position. Scores are adjusted in place; returns the candidates sorted by score.
 */
export function preferCurrentVersion<T extends VersionedCandidate>(candidates: T[], supersededBy: Map<string, string[]>): T[] {
  const grams = new Map<T, Set<string>>();
  const gramsOf = (c: T) => {
    let g = grams.get(c);
    if (!g) grams.set(c, (g = trigrams(c.text)));
    return g;
  };
  for (const older of candidates) {
    const newerDocs = supersededBy.get(older.documentId);
    if (!newerDocs) continue;
    for (const newer of candidates) {
      if (!newerDocs.includes(newer.documentId) || newer.score > older.score) continue;
      if (overlap(gramsOf(older), gramsOf(newer)) >= SAME_PASSAGE_THRESHOLD) newer.score = older.score * 1.0001;
    }
  }
  return [...candidates].sort((a, b) => b.score - a.score);
}
