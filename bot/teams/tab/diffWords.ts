/**
 * Word-level difference between two texts, for the tab's plan-version comparison. Words are
 * compared by a key that ignores case, quotes, hyphens and other punctuation, and words written
 * together or apart ("alltmer" / "allt mer") count as the same: only changes of wording are marked.
 */

/** A word as written and the whitespace after it (kept so the text can be shown exactly). */
export interface WordToken {
  text: string;
  space: string;
  /** What is compared: lower case, letters and digits only; empty for punctuation-only tokens. */
  key: string;
}

/** A run of text, `changed` when its words differ from the other version. */
export interface DiffPart {
  text: string;
  changed: boolean;
}

/** One step of an edit script over two sequences. */
export type EditOp = { op: 'equal'; a: number; b: number } | { op: 'delete'; a: number } | { op: 'insert'; b: number };

/** The comparison key of a word: "Allt-mer," → "alltmer", "”ambassadörer”" → "ambassadörer". */
export function comparisonKey(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whitespace-separated words of a text with the whitespace after each; text before the first word is dropped. */
export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(/(\S+)(\s*)/gu)) tokens.push({ text: match[1], space: match[2], key: comparisonKey(match[1]) });
  return tokens;
}

/**
 * The shortest edit script turning `a` into `b` (Myers' O(ND) algorithm): equal steps form a
 * longest common subsequence. Time O((n+m)·D), memory O(D²) for D differences.
 */
export function diffSequences(a: readonly string[], b: readonly string[]): EditOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // Only diagonals -d..d are read on the way back; keep just those.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  const ops: EditOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const saved = trace[d];
    const at = (k: number) => saved[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ op: 'equal', a: x, b: y });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ op: 'insert', b: --y });
      else ops.push({ op: 'delete', a: --x });
    }
  }
  return ops.reverse();
}

/**
 * How many leading words of `a` and `b` spell the same letters when joined ("alltmer" and
 * "allt", "mer" → [1, 2]); null when the joined keys part ways first.
 */
function sameWhenJoined(a: readonly string[], b: readonly string[]): [number, number] | null {
  if (a.length === 0 || b.length === 0) return null;
  let i = 0;
  let j = 0;
  let left = a[0];
  let right = b[0];
  while (left !== right) {
    if (left.length < right.length && right.startsWith(left) && i + 1 < a.length) left += a[++i];
    else if (right.length < left.length && left.startsWith(right) && j + 1 < b.length) right += b[++j];
    else return null;
  }
  return [i + 1, j + 1];
}

const reversed = (keys: readonly string[]) => keys.map((k) => [...k].reverse().join('')).reverse();

/**
 * Inside one changed stretch (words deleted and inserted between two unchanged words), the
 * words at either end that only differ in spacing; returns the unchanged flags for both sides.
 */
function spacingOnly(deleted: readonly string[], inserted: readonly string[]): { a: boolean[]; b: boolean[] } {
  const a = deleted.map(() => false);
  const b = inserted.map(() => false);
  let [fromA, fromB, toA, toB] = [0, 0, deleted.length, inserted.length];
  for (let match = sameWhenJoined(deleted, inserted); match; match = sameWhenJoined(deleted.slice(fromA, toA), inserted.slice(fromB, toB))) {
    a.fill(true, fromA, fromA + match[0]);
    b.fill(true, fromB, fromB + match[1]);
    fromA += match[0];
    fromB += match[1];
  }
  for (let match = sameWhenJoined(reversed(deleted.slice(fromA, toA)), reversed(inserted.slice(fromB, toB))); match; match = sameWhenJoined(reversed(deleted.slice(fromA, toA)), reversed(inserted.slice(fromB, toB)))) {
    a.fill(true, toA - match[0], toA);
    b.fill(true, toB - match[1], toB);
    toA -= match[0];
    toB -= match[1];
  }
  return { a, b };
}

/**
 * Which words of each version changed: `before[i]` is true when word i of the older text was
 * removed or reworded, `after[j]` when word j of the newer text is new. Punctuation-only
 * tokens are never marked.
 */
export function diffWords(before: readonly WordToken[], after: readonly WordToken[]): { before: boolean[]; after: boolean[] } {
  const aIndex = before.flatMap((t, i) => (t.key ? [i] : []));
  const bIndex = after.flatMap((t, i) => (t.key ? [i] : []));
  const aKeys = aIndex.map((i) => before[i].key);
  const bKeys = bIndex.map((i) => after[i].key);
  const changedBefore = before.map(() => false);
  const changedAfter = after.map(() => false);
  let deleted: number[] = [];
  let inserted: number[] = [];
  const closeStretch = () => {
    const same = spacingOnly(deleted.map((i) => aKeys[i]), inserted.map((i) => bKeys[i]));
    deleted.forEach((i, n) => (changedBefore[aIndex[i]] = !same.a[n]));
    inserted.forEach((i, n) => (changedAfter[bIndex[i]] = !same.b[n]));
    deleted = [];
    inserted = [];
  };
  for (const step of diffSequences(aKeys, bKeys)) {
    if (step.op === 'equal') closeStretch();
    else if (step.op === 'delete') deleted.push(step.a);
    else inserted.push(step.b);
  }
  closeStretch();
  return { before: changedBefore, after: changedAfter };
}

/**
 * Tokens back to text runs: changed words together with the spaces between them form one
 * changed run, so "allt nya ord" is one mark rather than three.
 */
export function diffParts(tokens: readonly WordToken[], changed: readonly boolean[]): DiffPart[] {
  const parts: DiffPart[] = [];
  const push = (text: string, isChanged: boolean) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last && last.changed === isChanged) last.text += text;
    else parts.push({ text, changed: isChanged });
  };
  // Punctuation inside a changed stretch belongs to it; elsewhere it is never marked.
  const nextWordChanged: boolean[] = [];
  let following = false;
  for (let i = tokens.length - 1; i >= 0; i--) {
    nextWordChanged[i] = following;
    if (tokens[i].key) following = changed[i];
  }
  let previous = false;
  const marked = tokens.map((token, i) => {
    const mark = token.key ? changed[i] : previous && nextWordChanged[i];
    if (token.key) previous = changed[i];
    return mark;
  });
  tokens.forEach((token, i) => {
    push(token.text, marked[i]);
    // A space joins two changed words on one line; otherwise it is plain text.
    push(token.space, marked[i] && nextWordChanged[i] && !token.space.includes('\n'));
  });
  return parts;
}
