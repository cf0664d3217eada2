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

/** Sentences that lean on the one before: "Detta ska vara klart senast 2028." says what "detta" is only with it. */
const LEANS_BACK = /^(Detta|Dessa|Denna|Därför|Då|This|These)(?![\p{L}])/u;

/**
 * A passage's sentences with each one that leans on the one before ("Detta …", "Därför …")
 * joined to it, so a figure or a reason is quoted and judged together with what it is about.
 * Offsets stay exact: a joined sentence spans both in the passage text.
 */
export function splitStatements(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const sentence of splitSentences(text)) {
    const previous = out.at(-1);
    if (previous && LEANS_BACK.test(sentence.text) && !text.slice(previous.end, sentence.start).includes('\n')) {
      out[out.length - 1] = { text: text.slice(previous.start, sentence.end), start: previous.start, end: sentence.end };
    } else out.push(sentence);
  }
  return out;
}
