/** A citation marker [n] in an answer. */
export interface Marker {
  n: number;
  start: number;
  end: number;
}

/** Text the answer puts in quotation marks, and the markers that attribute it to a passage. */
export interface AttributedQuote {
  text: string;
  start: number;
  end: number;
  /** Marker numbers the quote is attributed to; empty when the sentence gives none. */
  markers: number[];
}

const MARKER = /\[(\d+)\]/g;

/** Opening quotation marks and the marks that may close them (straight, Swedish ”…”, „…“, »…», «…»). */
const CLOSERS: Record<string, string> = {
  '"': '"”“',
  '”': '”',
  '“': '”“"',
  '„': '“”"',
  '»': '»«',
  '«': '»',
};

/** Every marker [n] in order. */
export function findMarkers(answer: string): Marker[] {
  return [...answer.matchAll(MARKER)].map((m) => ({ n: Number(m[1]), start: m.index, end: m.index + m[0].length }));
}

function findQuoteSpans(answer: string): Array<{ start: number; end: number; text: string }> {
  const spans: Array<{ start: number; end: number; text: string }> = [];
  for (let i = 0; i < answer.length; i++) {
    const closers = CLOSERS[answer[i]];
    if (!closers) continue;
    let j = i + 1;
    while (j < answer.length && !closers.includes(answer[j])) j++;
    if (j >= answer.length) break; // an unclosed mark quotes nothing
    const text = answer.slice(i + 1, j);
    if (text.replace(MARKER, '').trim() !== '') spans.push({ start: i, end: j + 1, text });
    i = j;
  }
  return spans;
}

/** A run of markers starting at `from` (spaces between them allowed): their numbers and where it ends. */
function markerRunAt(answer: string, from: number, markers: Marker[]): { numbers: number[]; end: number } {
  const numbers: number[] = [];
  let pos = from;
  for (;;) {
    while (pos < answer.length && /[ \t]/.test(answer[pos])) pos++;
    const marker = markers.find((m) => m.start === pos);
    if (!marker) break;
    numbers.push(marker.n);
    pos = marker.end;
  }
  return { numbers, end: pos };
}

/** True at a sentence end: . ! ? followed by a line break, or by a space and a capital letter. */
function sentenceEndsAt(answer: string, pos: number): boolean {
  if (answer[pos] === '\n') return true;
  return /[.!?]/.test(answer[pos]) && /^\s+\p{Lu}/u.test(answer.slice(pos + 1, pos + 4));
}

/**
 * The quotations in an answer and what each is attributed to: the markers that follow it before
 * the sentence ends (`"…" [1]`, `”a”, som ”b” [2].`), or failing that a marker run just before it
 * (`Planen [1]: "…"`). Quotation marks inside another quotation are read as pairs, which is what
 * plan text quoting a word ("ambassadörer") inside a quote needs.
 */
export function findAttributedQuotes(answer: string): AttributedQuote[] {
  const markers = findMarkers(answer);
  const spans = findQuoteSpans(answer);
  return spans.map((span) => {
    let found: number[] = [];
    for (let pos = span.end; pos < answer.length && found.length === 0; pos++) {
      const inner = spans.find((s) => s.start === pos);
      if (inner) {
        pos = inner.end - 1;
        continue;
      }
      if (answer[pos] === '[') found = markerRunAt(answer, pos, markers).numbers;
      if (found.length === 0 && sentenceEndsAt(answer, pos)) break;
    }
    if (found.length === 0) {
      const before = /((?:\[\d+\][ \t]*)+)[:,]?[ \t]*$/.exec(answer.slice(0, span.start));
      if (before) found = findMarkers(before[1]).map((m) => m.n);
    }
    return { text: span.text, start: span.start, end: span.end, markers: found };
  });
}
