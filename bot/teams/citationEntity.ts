import type { AIEntity, ClientCitation } from '@microsoft/agents-activity';
import type { Citation } from '../answer/answerSchema.js';
import { sectionLabel } from '../answer/sourceLabels.js';

/** Teams' limits for citations in AI-generated messages (learn.microsoft.com, "Bot messages with AI-generated content"). */
export const CITATION_LIMITS = { citations: 20, name: 80, abstract: 160, keywords: 3, keyword: 28 } as const;

/** One citation as Teams renders it: a numbered claim whose pop-up shows a document (the Agents SDK's type). */
export type ClaimCitation = ClientCitation;

/** The root entity that marks a message as AI-generated and carries its citations. */
export type AiMessageEntity = AIEntity & { citation: ClaimCitation[] };

const TRAILING_PUNCTUATION = new Set([',', ';', ':', '.', '–', '-']);

/**
 * Cuts text to at most `max` characters at a word boundary, marking the cut with "…". Written
 * without end-anchored regular expressions, which backtrack quadratically on long runs.
 */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  let kept = lastSpace >= max / 2 ? cut.slice(0, lastSpace) : cut;
  let end = kept.length;
  while (end > 0 && (kept[end - 1] === ' ' || TRAILING_PUNCTUATION.has(kept[end - 1]))) end--;
  kept = kept.slice(0, end);
  return `${kept}…`;
}

/** The marker numbers in a text, in order of first appearance, each once. */
export function markersIn(text: string): number[] {
  return [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
}

/** A list's lines joined with semicolons ("a\n- b" → "a; - b"); split, not a regex, so linear. */
function listAsLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

const STATUS_LABEL = { current: 'gällande plan', historical: 'tidigare plan' } as const;

function citationName(citation: Citation): string {
  return truncate(`${citation.document.title} › ${sectionLabel(citation.sectionPath)}`, CITATION_LIMITS.name);
}

function keywords(citation: Citation): string[] {
  const candidates = [`stycke ${citation.paragraph}`, STATUS_LABEL[citation.document.status], citation.document.period];
  return candidates.map((k) => truncate(k, CITATION_LIMITS.keyword)).slice(0, CITATION_LIMITS.keywords);
}

/**
 * The Teams AI-message entity for an answer text: one `Claim` per `[n]` marker that appears in
 * the text (marker n ↔ citations[n-1]), at most 20, each shortened to Teams' limits. `sectionUrl`
 * makes the citation's name a link (to the section in the tab).
 */
export function aiMessageEntity(text: string, citations: Citation[], sectionUrl?: (citation: Citation) => string): AiMessageEntity {
  const claims: ClaimCitation[] = [];
  for (const position of markersIn(text).sort((a, b) => a - b)) {
    const citation = citations[position - 1];
    if (!citation || claims.length >= CITATION_LIMITS.citations) continue;
    claims.push({
      '@type': 'Claim',
      position,
      appearance: {
        '@type': 'DigitalDocument',
        name: citationName(citation),
        // A list's items are lines; in one line of abstract they read as a list with semicolons.
        abstract: truncate(listAsLine(citation.quote), CITATION_LIMITS.abstract),
        keywords: keywords(citation),
        ...(sectionUrl ? { url: sectionUrl(citation) } : {}),
      },
    });
  }
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    citation: claims,
  };
}
