/**
 * One-off: turns the question writers' files (tests/eval/incoming/*.jsonl, written from the plans
 * alone by people who never saw the code) into the dev and test splits. Run once when a batch
 * arrives; the test split is then frozen. `npx tsx scripts/evaluation/splitEvalSet.ts`.
 *
 * - Every evidence phrase must occur in its document's parsed text; the gold section is set to
 *   the parser's heading above it (writers read the raw text, whose headings can differ in form).
 * - The split is stratified: within each writer × answerable × kind group, questions are ordered by
 *   a hash of their id and alternate between test and dev, so each split gets every style.
 * - Questions already in dev.jsonl stay there; nothing already in test.jsonl ever moves.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../../retrieval/ingest/loadCorpus.js';
import type { ParsedDocument } from '../../retrieval/ingest/parseDocument.js';
import { retrievalConfig } from '../../retrieval/config.js';
import {
  conversationsPath,
  EVAL_DIR,
  evalConversationSchema,
  evalQuestionSchema,
  normalizeForMatch,
  questionsPath,
  type EvalConversation,
  type EvalQuestion,
  type Split,
} from './evalSet.js';

const INCOMING = join(EVAL_DIR, 'incoming');
const hash = (id: string) => createHash('sha256').update(id).digest('hex');

const corpus = loadCorpus(retrievalConfig().corpusDir);
const docs = new Map(corpus.documents.map((d) => [d.entry.id, d.parsed]));

/** The heading of the section whose text holds the phrase, or an error. */
function sectionOf(document: string, evidence: string): string {
  const parsed: ParsedDocument | undefined = docs.get(document);
  if (!parsed) throw new Error(`unknown or non-canonical document ${document}`);
  // Offsets in the normalised-for-match text differ from the parsed text's only by collapsed whitespace,
  // so find the section by matching within each section's own span.
  const phrase = normalizeForMatch(evidence);
  for (const section of parsed.sections) {
    const start = section.headingStart >= 0 ? section.headingStart : 0;
    const end = section.blocks.at(-1)?.end ?? section.headingEnd;
    if (normalizeForMatch(parsed.text.slice(start, end)).includes(phrase)) return section.heading;
  }
  throw new Error(`evidence not found in ${document}: "${evidence}"`);
}

type Turn = { answerable: true; gold: { document: string; section: string; evidence: string }; alsoAccept?: Array<{ document: string; evidence: string }> } | { answerable: false };

function checkGold(id: string, q: Turn, problems: string[]): void {
  if (!q.answerable) return;
  try {
    q.gold.section = sectionOf(q.gold.document, q.gold.evidence);
    for (const alt of q.alsoAccept ?? []) sectionOf(alt.document, alt.evidence);
  } catch (error) {
    problems.push(`${id}: ${(error as Error).message}`);
  }
}

function readLines(path: string): unknown[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

function main(): void {
  const problems: string[] = [];
  const questions: Array<{ writer: string; q: EvalQuestion }> = [];
  const conversations: Array<{ writer: string; c: EvalConversation }> = [];
  for (const file of readdirSync(INCOMING).filter((f) => f.endsWith('.jsonl')).sort()) {
    const writer = file.replace(/\.jsonl$/, '');
    for (const raw of readLines(join(INCOMING, file))) {
      const isConversation = typeof raw === 'object' && raw !== null && 'turns' in raw;
      const parsed = isConversation ? evalConversationSchema.safeParse(raw) : evalQuestionSchema.safeParse(raw);
      const id = (raw as { id?: string }).id ?? '?';
      if (!parsed.success) {
        problems.push(`${id}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
        continue;
      }
      if (isConversation) {
        const c = parsed.data as EvalConversation;
        c.turns.forEach((t, i) => checkGold(`${id}#${i + 1}`, t, problems));
        conversations.push({ writer, c });
      } else {
        const q = parsed.data as EvalQuestion;
        checkGold(id, q, problems);
        questions.push({ writer, q });
      }
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} problems:\n${problems.join('\n')}\n`);
    process.exit(1);
  }
  if (process.argv.includes('--check')) {
    process.stderr.write(`${questions.length} questions and ${conversations.length} conversations check out\n`);
    return;
  }

  const existing = (split: Split) => (existsSync(questionsPath(split)) ? readLines(questionsPath(split)) as EvalQuestion[] : []);
  const dev = existing('dev');
  const test = existing('test');
  const placed = new Set([...dev, ...test].map((q) => q.id));
  const groups = new Map<string, EvalQuestion[]>();
  for (const { writer, q } of questions) {
    if (placed.has(q.id)) continue;
    const key = `${writer}|${q.answerable}|${q.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  for (const key of [...groups.keys()].sort()) {
    // Alternate from a hash-chosen start, so odd-sized groups do not all lean towards one split.
    const group = groups.get(key)!.sort((a, b) => hash(a.id).localeCompare(hash(b.id)));
    const offset = parseInt(hash(key).slice(0, 2), 16) % 2;
    group.forEach((q, i) => ((i + offset) % 2 === 0 ? test : dev).push(q));
  }

  const existingConversations = (split: Split) => (existsSync(conversationsPath(split)) ? readLines(conversationsPath(split)) as EvalConversation[] : []);
  const devC = existingConversations('dev');
  const testC = existingConversations('test');
  const placedC = new Set([...devC, ...testC].map((c) => c.id));
  const fresh = conversations.filter(({ c }) => !placedC.has(c.id)).map(({ c }) => c).sort((a, b) => hash(a.id).localeCompare(hash(b.id)));
  fresh.forEach((c, i) => (i % 2 === 0 ? testC : devC).push(c));

  const write = (path: string, rows: unknown[]) => writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  write(questionsPath('dev'), dev);
  write(questionsPath('test'), test);
  write(conversationsPath('dev'), devC);
  write(conversationsPath('test'), testC);
  process.stderr.write(`dev ${dev.length}, test ${test.length} questions; conversations dev ${devC.length}, test ${testC.length}\n`);
}

main();
