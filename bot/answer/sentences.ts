/** A sentence (or list item) of a passage, with offsets into the passage text. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const BOUNDARY = /(?<=[.!?:])\s+(?=["'\p{Lu}\d])|\n+/gu;

/** Splits a passage into sentences, or a list into its items, keeping exact offsets. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  };
  for (const match of text.matchAll(BOUNDARY)) {
    push(match.index!);
    start = match.index! + match[0].length;
  }
  push(text.length);
  return out;
}
