/** Hash functions in a MinHash signature; estimates Jaccard similarity to about ±0.06. */
const PERMUTATIONS = 64;

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The MinHash signature of a set of shingles: for each hash function, the smallest hash value. */
export function minHash(shingles: Iterable<string>): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = fnv1a(shingle, 0);
    const step = fnv1a(shingle, 0x9e3779b9) | 1;
    for (let i = 0; i < PERMUTATIONS; i++) {
      const h = (base + Math.imul(i, step)) >>> 0;
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of hash functions whose minimum agrees. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same += 1;
  return same / a.length;
}
