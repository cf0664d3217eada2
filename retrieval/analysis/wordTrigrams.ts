import { BoundedCache } from './boundedCache.js';
import { tokenize } from './fold.js';

const cache = new BoundedCache<string, Set<string>>(20_000);

/** The text's word trigrams (folded), memoised: passages are compared with each other on every question. */
export function wordTrigrams(text: string): Set<string> {
  return cache.get(text, (t) => {
    const words = tokenize(t);
    const out = new Set<string>();
    for (let i = 0; i + 3 <= words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    return out;
  });
}

/** Share of the smaller text's word trigrams that the other has too (0–1). */
export function trigramOverlap(a: string, b: string): number {
  const ga = wordTrigrams(a);
  const gb = wordTrigrams(b);
  const [small, large] = ga.size <= gb.size ? [ga, gb] : [gb, ga];
  let shared = 0;
  for (const g of small) if (large.has(g)) shared += 1;
  return shared / Math.max(1, small.size);
}
