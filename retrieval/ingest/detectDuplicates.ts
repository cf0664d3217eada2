import { estimateSimilarity, minHash } from './minHash.js';
import type { RepairStats } from './normalizeCharacters.js';

export interface DuplicateCandidate {
  id: string;
  text: string;
  repairs: RepairStats;
}

export interface DuplicateVerdict {
  /** The document dropped from the index. */
  id: string;
  /** The canonical document it duplicates; citations point here. */
  canonicalId: string;
  similarity: number;
}

/** Two texts sharing this share of word 5-grams are one document (measured on the corpus: the two 2021–2025 extractions 0.92, a plan vs. its successor 0.33). */
export const DUPLICATE_THRESHOLD = 0.6;
const SHINGLE = 5;

function shingles(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(words.slice(i, i + SHINGLE).join(' '));
  return out;
}

/** Jaccard similarity of the two texts' word 5-gram sets. */
export function shingleSimilarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const s of a) if (b.has(s)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Fewer repaired artefacts per character: the cleaner extraction of the same text. */
function repairDensity(doc: DuplicateCandidate): number {
  const r = doc.repairs;
  return (r.dehyphenated + r.pageBreaks + r.wrappedLines) / Math.max(1, doc.text.length);
}

/**
 * Finds documents whose content is (nearly) the same, whatever their file names, and picks one
 * canonical text per group: the extraction that needed the fewest repairs, so quotes are as close
 * to the printed plan as possible. Returns one verdict per dropped document.
 */
export function detectDuplicates(docs: DuplicateCandidate[]): DuplicateVerdict[] {
  const sets = docs.map((d) => shingles(d.text));
  // MinHash screens the pairs cheaply, so a corpus of hundreds of documents costs seconds, not minutes.
  const signatures = sets.map(minHash);
  const canonicalOf = docs.map((_, i) => i);
  const similarityOf = docs.map(() => 1);
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      if (estimateSimilarity(signatures[i], signatures[j]) < DUPLICATE_THRESHOLD - 0.2) continue;
      const similarity = shingleSimilarity(sets[i], sets[j]);
      if (similarity < DUPLICATE_THRESHOLD) continue;
      const [keep, drop] = repairDensity(docs[i]) <= repairDensity(docs[j]) ? [i, j] : [j, i];
      const root = canonicalOf[keep];
      canonicalOf[drop] = root;
      similarityOf[drop] = similarity;
    }
  }
  return docs
    .map((doc, i) => ({ id: doc.id, canonicalId: docs[canonicalOf[i]].id, similarity: similarityOf[i] }))
    .filter((v) => v.id !== v.canonicalId);
}
