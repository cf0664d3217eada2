import { parseArgs } from 'node:util';
import { createAnswerFunction } from '../bot/answer/answerService.js';
import { composeAnswerWithEvidence } from '../bot/answer/composeAnswer.js';
import { embedderFromEnv } from '../bot/config/embedderFromEnv.js';
import { ConversationMemory } from '../bot/conversation/conversationMemory.js';
import { retrievalConfig } from '../retrieval/config.js';
import type { RetrievalMode, Retriever } from '../retrieval/retriever.js';
import { loadIndex } from '../retrieval/store/indexStore.js';
import { judge, summarize, type AnswerMetrics, type Judged, type Share } from './evaluation/answerMetrics.js';
import { loadConversations, loadEvalSet, SPLITS, type AnswerableQuestion, type EvalQuestion, type Split } from './evaluation/evalSet.js';
import { rankQuestions, summarize as summarizeRanks, type QuestionResult } from './evaluation/retrievalMetrics.js';
import { trainAnswerability } from './evaluation/trainAnswerability.js';

const MODES: RetrievalMode[] = ['bm25', 'dense', 'hybrid'];

interface SplitResult {
  split: Split;
  questions: EvalQuestion[];
  judged: Judged[];
  turns: Judged[];
  ranks: Map<RetrievalMode, QuestionResult[]>;
}

async function evaluateSplit(retriever: Retriever, split: Split): Promise<SplitResult> {
  const questions = loadEvalSet(split);
  const judged: Judged[] = [];
  for (const q of questions) judged.push(judge(q, (await composeAnswerWithEvidence(retriever, q.question)).answer));

  // Conversations go through the channels' pipeline, with memory, so follow-ups are rewritten as in use.
  const memory = new ConversationMemory();
  const answer = createAnswerFunction({ memory });
  const turns: Judged[] = [];
  for (const c of loadConversations(split)) {
    for (const [i, turn] of c.turns.entries()) {
      const result = await answer(retriever, turn.question, { conversationId: `${split}-${c.id}` });
      turns.push(judge({ ...turn, id: `${c.id}#${i + 1}`, lang: c.lang }, result));
    }
  }

  const answerable = questions.filter((q): q is AnswerableQuestion => q.answerable);
  const ranks = new Map<RetrievalMode, QuestionResult[]>();
  for (const mode of MODES) ranks.set(mode, await rankQuestions(retriever, answerable, mode));
  return { split, questions, judged, turns, ranks };
}

/** The groups every table reports, as filters over judged questions. */
const GROUPS: Array<[string, (r: Judged) => boolean]> = [
  ['Swedish answerable', (r) => r.answerable && r.lang === 'sv'],
  ['English answerable', (r) => r.answerable && r.lang === 'en'],
  ['unanswerable', (r) => !r.answerable],
];

const pct = (s: Share) => (s.n === 0 ? '–' : `${s.value.toFixed(3)} [${s.low.toFixed(2)}–${s.high.toFixed(2)}]`);

function answerTable(title: string, results: SplitResult[], select: (r: SplitResult) => Judged[], groups: Array<[string, (r: Judged) => boolean]>): string[] {
  const head = results.map((r) => r.split);
  const out = [`\n${title}`, `| group | measure | ${head.join(' | ')} |`, `|---|---|${head.map(() => '---|').join('')}`];
  for (const [label, f] of groups) {
    const metrics = results.map((r) => ({ n: select(r).filter(f).length, m: summarize(select(r).filter(f)) }));
    const rows: Array<[string, (m: AnswerMetrics) => Share]> = metrics.some((x) => x.m.hit1.n > 0)
      ? [['hit@1', (m) => m.hit1], ['hit@3', (m) => m.hit3], ['wrongly refused', (m) => m.wronglyRefused]]
      : [['correct no-answer', (m) => m.correctNoAnswer], ['of which related', (m) => m.related]];
    for (const [measure, get] of rows) out.push(`| ${label} (n ${metrics.map((x) => x.n).join('/')}) | ${measure} | ${metrics.map((x) => pct(get(x.m))).join(' | ')} |`);
  }
  return out;
}

function retrievalTable(results: SplitResult[]): string[] {
  const out = ['\nRetrieval alone (passages before the answer), hit@1 / hit@3 / MRR', `| retriever | language | ${results.map((r) => r.split).join(' | ')} |`, `|---|---|${results.map(() => '---|').join('')}`];
  for (const mode of MODES) {
    for (const [lang, f] of [['sv', (q: AnswerableQuestion) => q.lang === 'sv'], ['en', (q: AnswerableQuestion) => q.lang === 'en']] as const) {
      const cells = results.map((r) => {
        const m = summarizeRanks(r.ranks.get(mode)!.filter((x) => f(x.question)));
        return `${m.hit1.toFixed(3)} / ${m.hit3.toFixed(3)} / ${m.mrr.toFixed(3)}`;
      });
      out.push(`| ${mode} | ${lang} | ${cells.join(' | ')} |`);
    }
  }
  return out;
}

/** Every dev miss, to learn from; test misses are never printed, so nobody tunes on them by accident. */
function devMisses(result: SplitResult): string[] {
  const byId = new Map(result.questions.map((q) => [q.id, q]));
  const out = ['\nDev misses (answerable: no answer or first citation not a hit; unanswerable: answered)'];
  for (const r of result.judged) {
    const q = byId.get(r.id)!;
    if (r.answerable ? r.hitAt === 1 : r.outcome !== 'answer') continue;
    const what = r.answerable ? (r.outcome === 'answer' ? `answered, first hit at ${r.hitAt ?? 'none'}` : `not answered (${r.outcome})`) : 'answered';
    out.push(`- ${r.id} [${r.kind}] "${q.question}" → ${what}${q.answerable ? `; gold ${q.gold.document} › ${q.gold.section}: "${q.gold.evidence}"` : ''}`);
  }
  for (const r of result.turns) {
    if (r.answerable ? r.hitAt !== null && r.hitAt <= 3 : r.outcome !== 'answer') continue;
    out.push(`- ${r.id} [turn, ${r.kind}] → ${r.answerable ? `no hit in 3 (${r.outcome})` : 'answered'}`);
  }
  return out;
}

/**
 * `npm run eval`: answer and retrieval quality on the dev and the frozen test split side by side,
 * with 95 % intervals; `--split dev` for the dev split alone (while tuning), `--json` for machines,
 * `--train` to re-fit the answerability model on dev (cross-validated) before evaluating.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, train: { type: 'boolean' }, split: { type: 'string' }, misses: { type: 'boolean' } } });
  const splits = values.split ? SPLITS.filter((s) => s === values.split) : SPLITS;
  if (splits.length === 0) throw new Error(`--split must be one of ${SPLITS.join(', ')}`);
  const { retriever } = await loadIndex({ ...retrievalConfig(), embedder: await embedderFromEnv() });
  if (values.train) process.stderr.write(`${await trainAnswerability(retriever, loadEvalSet('dev'), loadConversations('dev'))}\n`);

  const results: SplitResult[] = [];
  for (const split of splits) results.push(await evaluateSplit(retriever, split));

  if (values.json) {
    const summary = Object.fromEntries(
      results.map((r) => [
        r.split,
        {
          questions: r.questions.length,
          answers: Object.fromEntries(GROUPS.map(([label, f]) => [label, summarize(r.judged.filter(f))])),
          conversations: Object.fromEntries(GROUPS.map(([label, f]) => [label, summarize(r.turns.filter(f))])),
          retrieval: Object.fromEntries(MODES.map((m) => [m, summarizeRanks(r.ranks.get(m)!)])),
        },
      ]),
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }

  const kinds = [...new Set(results.flatMap((r) => r.judged.map((j) => j.kind)))];
  const out = [`Evaluation: ${results.map((r) => `${r.split} ${r.questions.length} questions + ${r.turns.length} conversation turns`).join('; ')}. 95 % Wilson intervals in brackets.`];
  out.push(...answerTable('Answers (what a member reads): single questions', results, (r) => r.judged, GROUPS));
  out.push(...answerTable('Answers in conversations (follow-ups rewritten with memory)', results, (r) => r.turns, GROUPS));
  out.push(...answerTable('Answers by kind', results, (r) => r.judged, kinds.map((k): [string, (r: Judged) => boolean] => [`kind: ${k}`, (r) => r.kind === k])));
  out.push(...retrievalTable(results));
  const dev = results.find((r) => r.split === 'dev');
  if (dev && (values.misses || splits.length === 1)) out.push(...devMisses(dev));
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
