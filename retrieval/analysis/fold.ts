/**
 * Lower-cases and strips diacritics, so "ungdomskommitte" meets "ungdomskommitté" and members
 * typing without å/ä/ö still match ("fortroendevalda").
 */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * Words that folding would turn into a different, meaningful word: the adverb "väl" would become
 * "val" (election). They carry no topic, so they are dropped before folding.
 */
const FOLDING_COLLISIONS = /(?<![\p{L}\p{N}])väl(?![\p{L}\p{N}])/giu;

/** Word tokens of a text, folded. Digit groups such as "6 000" become one token "6000". */
export function tokenize(text: string): string[] {
  return fold(text.replace(/(\d) (?=\d{3}\b)/g, '$1').replace(FOLDING_COLLISIONS, ' '))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}
