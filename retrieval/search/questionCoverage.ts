import type { SwedishAnalyzer } from '../analysis/analyzer.js';
import { tokenize } from '../analysis/fold.js';
import type { Expansion } from '../analysis/queryExpander.js';
import { isQueryContentToken } from '../analysis/analyzer.js';

/** One content word of the question, with what may stand for it in a passage. */
export interface QuestionWord {
  token: string;
  /** How much the word tells: its idf in the index, or the highest idf when the index lacks it. */
  weight: number;
  /** Indexed terms that count as the word itself (its stem, or close spellings of a misspelt word). */
  exact: string[];
  /** Compound parts, worth half. */
  parts: string[];
  /**
   * The plan phrases (each a set of analysed terms) of the glossary concepts the word belongs to
   * ("tipsa anonymt" → visselblåsfunktion); a text says the concept when it holds a whole phrase.
   */
  glossary: Array<Set<string>>;
  /** The plans use the word (or a close spelling, or its compound parts), or the glossary knows it. */
  known: boolean;
}

/**
 * The question's content words, each weighted by how rare it is in the plans. The basis for
 * judging whether a passage (or a sentence) really answers the question: a passage that lacks the
 * rare words ("föräldraledighet", "medlemsavgiften") does not, however many common ones it has.
 */
export function questionWords(
  question: string,
  analyzer: SwedishAnalyzer,
  expansion: Expansion | undefined,
  typoMatches: (stem: string) => string[],
  idf: (term: string) => number | undefined,
  maxIdf: number,
  /** How much each token counts, by position (the story around the ask counts less); 1 when absent. */
  factors: number[] = [],
): QuestionWord[] {
  const words: QuestionWord[] = [];
  const factor = (position: number) => factors[position] ?? 1;
  tokenize(question).forEach((token, position) => {
    if (!isQueryContentToken(token)) return;
    const stem = analyzer.stem(token);
    const exact = [stem, ...typoMatches(stem)];
    const weights = exact.map(idf).filter((w): w is number => w !== undefined);
    // The glossary stands in only for words the plans do not use themselves: "ambassadörer" is in
    // the plans, so a passage about "förtroendevalda" does not answer a question about it.
    const glossary = weights.length > 0 ? [] : (expansion?.spans ?? []).filter((s) => position >= s.start && position < s.end).flatMap((s) => s.planPhrases);
    const parts = analyzer.compoundParts(token).map((p) => analyzer.stem(p));
    words.push({
      token,
      weight: (weights.length > 0 ? Math.max(...weights) : maxIdf) * factor(position),
      exact,
      parts,
      glossary,
      known: weights.length > 0 || glossary.length > 0 || parts.some((p) => idf(p) !== undefined),
    });
  });
  // A glossary phrase made only of small words ("säga upp", "gå med") still carries the question's
  // meaning: it counts as one word, known through the plan terms it stands for.
  const tokens = tokenize(question);
  const wordPositions = new Set<number>();
  tokens.forEach((token, position) => {
    if (isQueryContentToken(token)) wordPositions.add(position);
  });
  for (const span of expansion?.spans ?? []) {
    let hasWord = false;
    for (let p = span.start; p < span.end; p++) if (wordPositions.has(p)) hasWord = true;
    if (hasWord) continue;
    const weights = [...span.planTerms].map(idf).filter((w): w is number => w !== undefined);
    words.push({
      token: tokens.slice(span.start, span.end).join(' '),
      weight: (weights.length > 0 ? Math.max(...weights) : maxIdf) * factor(span.start),
      exact: [],
      parts: [],
      glossary: span.planPhrases,
      known: true,
    });
  }
  return words;
}

/** Share (0–1) of the question's weight carried by words the plans never use and the glossary does not know. */
export function unknownShare(words: QuestionWord[]): number {
  const total = words.reduce((sum, w) => sum + w.weight, 0);
  return total > 0 ? words.filter((w) => !w.known).reduce((sum, w) => sum + w.weight, 0) / total : 1;
}

/** Whether a text holds one whole plan phrase of a glossary concept the word stands for. */
export function saysConcept(word: QuestionWord, textTerms: ReadonlySet<string>): boolean {
  return word.glossary.some((phrase) => [...phrase].every((t) => textTerms.has(t)));
}

/** Share (0–1) of the question's weight that a text's analysed terms cover. */
export function coverageOf(words: QuestionWord[], textTerms: ReadonlySet<string>): number {
  let total = 0;
  let covered = 0;
  for (const word of words) {
    total += word.weight;
    if (word.exact.some((t) => textTerms.has(t)) || saysConcept(word, textTerms)) {
      covered += word.weight;
    } else if (word.parts.some((t) => textTerms.has(t))) {
      covered += word.weight / 2;
    }
  }
  return total > 0 ? covered / total : 0;
}
