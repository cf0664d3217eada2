import { findAttributedQuotes, findMarkers } from './attributedQuotes.js';
import type { GenerationFailure, GenerationPassage, GenerationResult, ModelAnswer } from './generationSchema.js';

/** Fragments this short (after trimming) carry no claim worth checking: a lone letter, a dash. */
const MIN_FRAGMENT = 2;

/**
 * Text compared as a reader sees it: Unicode NFC, typographic quotation marks as straight ones,
 * soft hyphens dropped, any run of whitespace (non-breaking and thin spaces too) as one space.
 */
export function normaliseForQuote(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[”“„«»]/g, '"')
    .replace(/[’‘]/g, "'")
    .replace(/\u00ad/g, '')
    .replace(/[\s\u00a0\u2009\u202f]+/g, ' ')
    .trim();
}

/** A quote's checkable fragments: markers removed, split at ellipses ("…", "...", "[…]"), ends trimmed. */
function quoteFragments(quote: string): string[] {
  return normaliseForQuote(quote.replace(/\[\d+\]/g, ' '))
    .split(/\s*(?:\[…\]|\[\.\.\.\]|…|\.\.\.)\s*/)
    .map((f) => f.replace(/^[\s.,;:!?"'–—-]+|[\s,;:"'–—-]+$/g, ''))
    .filter((f) => f.length >= MIN_FRAGMENT);
}

/** Where `fragment` occurs in `text` from `from` on; its first letter may differ in case (a quote starting a sentence). */
function indexOfFragment(text: string, fragment: string, from: number): number {
  const exact = text.indexOf(fragment, from);
  if (exact >= 0) return exact;
  const first = fragment[0];
  const swapped = (first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase()) + fragment.slice(1);
  const index = text.indexOf(swapped, from);
  if (index >= 0) return index;
  // "…medlemsutbildning." quoted where the source sentence ends the passage without a stop, or vice versa.
  return /[.!?]$/.test(fragment) ? indexOfFragment(text, fragment.slice(0, -1), from) : -1;
}

/** True when every fragment of the quote occurs in the passage, in order, whitespace-normalised. */
export function quoteOccursIn(quote: string, passageText: string): boolean {
  const text = normaliseForQuote(passageText);
  const fragments = quoteFragments(quote);
  if (fragments.length === 0) return true;
  let from = 0;
  for (const fragment of fragments) {
    const at = indexOfFragment(text, fragment, from);
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}

const fail = (reason: GenerationFailure['reason'], detail: string): GenerationFailure => ({ ok: false, reason, detail });

/**
 * Checks a model's answer against the passages it was given, in this order:
 * 1. every cited id is one of the passages, none twice, and an answer that answers cites something;
 * 2. every marker [n] has citations[n-1], every citation has a marker, numbered in order of first use;
 * 3. every quotation is verbatim in a passage its markers cite (or, with no marker, in a cited passage).
 * Details name ids and marker numbers only, never the question or the answer text.
 */
export function verifyGroundedAnswer(output: ModelAnswer, passages: readonly GenerationPassage[]): GenerationResult {
  const byId = new Map(passages.map((p) => [p.id, p]));
  const { citations, answer } = output;

  const unknown = citations.find((id) => !byId.has(id));
  if (unknown !== undefined) return fail('invalid-citation', `cited id not among the passages: ${unknown.slice(0, 120)}`);
  if (new Set(citations).size !== citations.length) return fail('invalid-citation', 'the same id is cited twice');
  if (output.answered && citations.length === 0) return fail('invalid-citation', 'an answer without citations');

  const markers = findMarkers(answer);
  const outOfRange = markers.find((m) => m.n < 1 || m.n > citations.length);
  if (outOfRange) return fail('marker-mismatch', `marker [${outOfRange.n}] with ${citations.length} citations`);
  const firstUse = [...new Set(markers.map((m) => m.n))];
  const unmarked = citations.findIndex((_, i) => !firstUse.includes(i + 1));
  if (unmarked >= 0) return fail('marker-mismatch', `citation ${unmarked + 1} has no marker`);
  const outOfOrder = firstUse.findIndex((n, i) => n !== i + 1);
  if (outOfOrder >= 0) return fail('marker-mismatch', `marker [${firstUse[outOfOrder]}] is used before [${outOfOrder + 1}]`);

  for (const quote of findAttributedQuotes(answer)) {
    const sources = quote.markers.length > 0 ? quote.markers.map((n) => citations[n - 1]) : citations;
    if (!sources.some((id) => quoteOccursIn(quote.text, byId.get(id)!.text))) {
      const where = quote.markers.length > 0 ? `marker ${quote.markers.map((n) => `[${n}]`).join('')}` : 'any cited passage';
      return fail('unverified-quote', `a quotation at character ${quote.start} is not verbatim in ${where}`);
    }
  }

  return { ok: true, answered: output.answered, answer: output.answer.trim(), citationIds: [...citations] };
}
