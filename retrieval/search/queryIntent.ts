import type { CatalogEntry } from '../ingest/catalog.js';
import { fold, tokenize } from '../analysis/fold.js';
import { CURRENT_PLAN_CUES, PREVIOUS_PLAN_CUES } from '../analysis/stopwords.js';

/** What a question says about the kind of passage it wants, beyond its topic words. */
export interface QueryIntent {
  /** Asks for a list: goals, commitments, points ("vilka mål", "lista", "alla punkter"). */
  wantsList: boolean;
  /** Names an older plan ("förra planen", "2021–2025") rather than the current one. */
  wantsPrevious: boolean;
  /** Documents whose period contains a year the question names, regional plans whose region it names, and a document named by its kind when it is the only one of that kind. */
  namedDocuments: Set<string>;
  /** The years (and period bounds) in the question that name a document: cues, not topic words. */
  namedYears: string[];
  /** Speaks of "planen" (the plan) or the new plan, with no year or older plan named: the current plan. */
  wantsCurrent: boolean;
}

/** Whether the question names a plan outright — an older one or one by year or title — which then decides the version. */
export function namesPlan(intent: QueryIntent): boolean {
  return intent.wantsPrevious || intent.namedDocuments.size > 0;
}

const LIST_WORDS = new Set(['vilka', 'lista', 'listan', 'punkter', 'punkterna', 'punktlista', 'mal', 'malen', 'malsattningar', 'ataganden', 'prioriteringar', 'which', 'list', 'goals', 'commitments', 'points']);
/** "Planen" in a member's question is the plan in force. */
const THE_PLAN_WORDS = new Set(['planen', 'verksamhetsplanen']);
/** Words that say "the plan in force" only when they modify a plan ("nya planen"), not "nya förtroendevalda". */
const CURRENT_MODIFIERS = ['nya', 'nuvarande', 'senaste', 'aktuella', 'new', 'current', 'latest'];
/** Words that ask for a comparison of versions wherever they stand ("ändrats", "jämfört med"). */
const COMPARISON_WORDS = new Set(CURRENT_PLAN_CUES.filter((w) => !CURRENT_MODIFIERS.includes(w)));
/** "Förut" points at an older version on its own; the others only when they modify a plan. */
const PREVIOUS_ADVERBS = ['forut'];
const PREVIOUS_MODIFIERS = PREVIOUS_PLAN_CUES.filter((w) => !PREVIOUS_ADVERBS.includes(w) && w !== 'davarande');
const PLAN_NOUN = String.raw`(?:(?:verksamhets)?plan(?:en|er|erna|s)?|plans|vp(?::n|n)?|versionen?|perioden?|kongressperioden?|one)`;

/**
 * Modifiers that refer to a plan: followed by a plan word, with at most one word between ("förra
 * planen", "the previous national plan"), or ending their clause ("jämfört med förra?", "i den nya").
 * "Förra veckan", "nya förtroendevalda" and "previous instructions" are not about a plan.
 */
function modifiesPlan(modifiers: string[]): RegExp {
  const W = String.raw`[\p{L}\p{N}]`;
  return new RegExp(String.raw`(?<!${W})(?:${modifiers.join('|')})(?!${W})(?=\s*(?:[.,;:!?)–—-]|$)|\s+(?:${W}+\s+)?${PLAN_NOUN}(?!${W}))`, 'u');
}
/** Shortest region or kind word that names a document (shorter ones are too easily part of other words). */
const MIN_NAME_CHARS = 4;

const PREVIOUS_REFERENCE = modifiesPlan(PREVIOUS_MODIFIERS);
const CURRENT_REFERENCE = modifiesPlan(CURRENT_MODIFIERS);

function periodYears(period: string): [number, number] | null {
  const years = period.match(/\d{4}/g)?.map(Number);
  if (!years || years.length === 0) return null;
  return [Math.min(...years), Math.max(...years)];
}

/**
 * Reads the question's list and version cues. Deliberately small word lists about form, not
 * topic: they decide which of several matching passages comes first, never whether one matches.
 */
export function readQueryIntent(question: string, documents: Iterable<CatalogEntry>): QueryIntent {
  const tokens = tokenize(question);
  const folded = fold(question);
  const docs = [...documents];
  const namedDocuments = new Set<string>();
  const namedYears: string[] = [];
  // A period ("2021–2025", "2021-2025") names the plan with exactly that period.
  for (const [, from, to] of folded.matchAll(/\b((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})\b/g)) {
    for (const doc of docs) {
      const range = periodYears(doc.period);
      if (range && range[0] === Number(from) && range[1] === Number(to)) {
        namedDocuments.add(doc.id);
        namedYears.push(from, to);
      }
    }
  }
  if (namedDocuments.size === 0) {
    const years = (folded.match(/\b(?:19|20)\d{2}\b/g) ?? []).map(Number);
    for (const doc of docs) {
      const range = periodYears(doc.period);
      const named = range ? years.filter((y) => y >= range[0] && y <= range[1]) : [];
      if (named.length > 0) namedDocuments.add(doc.id);
      namedYears.push(...named.map(String));
    }
  }
  // A regional plan is named by its region ("Stockholm", "stockholmsplanen", "sthlm" once spelled out),
  // and a document by its kind when no other is of that kind ("prioriteringarna", "regionala planen").
  for (const doc of docs) {
    const regions = doc.kind === 'regional plan' ? tokenize(doc.issuer).filter((w) => w !== 'seko' && w.length >= MIN_NAME_CHARS) : [];
    const kind = tokenize(doc.kind).filter((w) => w !== 'plan' && w.length >= MIN_NAME_CHARS);
    const onlyOfKind = docs.every((other) => other.id === doc.id || other.kind !== doc.kind);
    const names = [...regions, ...(onlyOfKind ? kind : [])];
    if (tokens.some((t) => names.some((n) => t.startsWith(n)))) namedDocuments.add(doc.id);
  }
  const previous = PREVIOUS_REFERENCE.test(folded) || tokens.some((t) => PREVIOUS_ADVERBS.includes(t));
  const current = CURRENT_REFERENCE.test(folded);
  const comparing = tokens.some((t) => COMPARISON_WORDS.has(t));
  const wantsPrevious = previous && !current && !comparing;
  const comparison = previous && (current || comparing);
  return {
    wantsList: tokens.some((t) => LIST_WORDS.has(t)),
    wantsPrevious,
    namedDocuments,
    namedYears: [...new Set(namedYears)],
    wantsCurrent: !wantsPrevious && !comparison && namedDocuments.size === 0 && (current || tokens.some((t) => THE_PLAN_WORDS.has(t))),
  };
}
