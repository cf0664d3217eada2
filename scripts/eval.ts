import { embedderFromEnv } from '../bot/config/embedderFromEnv.js';
import { parseArgs } from 'node:util';
import { retrievalConfig } from '../retrieval/config.js';
import type { RetrievalMode } from '../retrieval/retriever.js';
import { loadIndex } from '../retrieval/store/indexStore.js';
import { loadEvalSet, type AnswerableQuestion, type EvalQuestion } from './evaluation/evalSet.js';
import { rankQuestions, summarize, type Metrics, type QuestionResult } from './evaluation/retrievalMetrics.js';
import { answerQuestions, summarizeAnswers, tradeOff, type AnswerResult } from './evaluation/answerMetrics.js';
import { EVIDENCE_THRESHOLD, MAX_UNKNOWN_SHARE } from '../bot/answer/assessEvidence.js';

const MODES: RetrievalMode[] = ['bm25', 'dense', 'hybrid'];

function row(label: string, m: Metrics): string {
  const f = (x: number) => x.toFixed(3);
  return `| ${label.padEnd(22)} | ${String(m.count).padStart(3)} | ${f(m.hit1)} | ${f(m.hit3)} | ${f(m.mrr)} |`;
}

function table(title: string, groups: Array<[string, QuestionResult[]]>): string {
  return [`\n${title}`, '| group                  |   n | hit@1 | hit@3 |   MRR |', '|---|---|---|---|---|', ...groups.map(([label, rs]) => row(label, summarize(rs)))].join('\n');
}

/** `npm run eval`: retrieval quality on tests/eval/questions.jsonl, per language and kind, with the ablation. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' } } });
  const questions = loadEvalSet();
  const answerable = questions.filter((q): q is AnswerableQuestion => q.answerable);
  const { retriever } = await loadIndex({ ...retrievalConfig(), embedder: await embedderFromEnv() });

  const byMode = new Map<RetrievalMode, QuestionResult[]>();
  for (const mode of MODES) byMode.set(mode, await rankQuestions(retriever, answerable, mode));
  const hybrid = byMode.get('hybrid')!;
  const select = (rs: QuestionResult[], f: (q: AnswerableQuestion) => boolean) => rs.filter((r) => f(r.question));

  const answers = await answerQuestions(retriever, questions);
  const selectAnswers = (f: (q: EvalQuestion) => boolean) => answers.filter((r) => f(r.question));
  const answerGroups: Array<[string, AnswerResult[]]> = [
    ['Swedish answerable', selectAnswers((q) => q.answerable && q.lang === 'sv')],
    ['English answerable', selectAnswers((q) => q.answerable && q.lang === 'en')],
    ['unanswerable', selectAnswers((q) => !q.answerable)],
    ...[...new Set(questions.map((q) => q.kind))].map((k): [string, AnswerResult[]] => [`kind: ${k}`, selectAnswers((q) => q.kind === k)]),
  ];

  if (values.json) {
    const summary = Object.fromEntries(
      MODES.map((mode) => {
        const rs = byMode.get(mode)!;
        return [mode, { all: summarize(rs), sv: summarize(select(rs, (q) => q.lang === 'sv')), en: summarize(select(rs, (q) => q.lang === 'en')) }];
      }),
    );
    const answerSummary = Object.fromEntries(answerGroups.map(([label, rs]) => [label, summarizeAnswers(rs)]));
    process.stdout.write(`${JSON.stringify({ questions: questions.length, answerable: answerable.length, ablation: summary, answers: answerSummary })}\n`);
    return;
  }

  const kinds = [...new Set(answerable.map((q) => q.kind))];
  const out: string[] = [`Evaluation set: ${questions.length} questions, ${answerable.length} answerable (retrieval metrics below).`];
  out.push(
    table('Hybrid (default), by language and kind', [
      ['all', hybrid],
      ['Swedish', select(hybrid, (q) => q.lang === 'sv')],
      ['English', select(hybrid, (q) => q.lang === 'en')],
      ...kinds.map((k): [string, QuestionResult[]] => [`kind: ${k}`, select(hybrid, (q) => q.kind === k)]),
    ]),
  );
  for (const [label, f] of [
    ['all answerable questions', () => true],
    ['Swedish questions', (q: AnswerableQuestion) => q.lang === 'sv'],
    ['English questions', (q: AnswerableQuestion) => q.lang === 'en'],
  ] as const) {
    out.push(table(`Ablation, ${label}`, MODES.map((m): [string, QuestionResult[]] => [m, select(byMode.get(m)!, f)])));
  }
  out.push(...answerReport(answers, answerGroups));
  const misses = hybrid.filter((r) => r.rank === null || r.rank > 3);
  out.push(`\nHybrid misses (no hit in top 3): ${misses.length}`);
  for (const r of misses) {
    out.push(`- ${r.question.id} [${r.question.kind}] "${r.question.question}"`);
    out.push(`    gold ${r.question.gold.document} › ${r.question.gold.section}: "${r.question.gold.evidence}" (first hit at rank ${r.rank ?? '>10'})`);
    out.push(`    got  ${r.top.map((t) => t.id).join(', ')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

function answerReport(answers: AnswerResult[], groups: Array<[string, AnswerResult[]]>): string[] {
  const f = (x: number) => x.toFixed(3);
  const out = ['\nAnswers (composeAnswer): first citation hit@1, any of the first 3 citations hit@3, refusals', '| group | n | hit@1 | hit@3 | wrongly refused | correct no-answer |', '|---|---|---|---|---|---|'];
  for (const [label, rs] of groups) {
    const m = summarizeAnswers(rs);
    const answerable = m.answerable > 0;
    out.push(`| ${label} | ${rs.length} | ${answerable ? f(m.hit1) : '–'} | ${answerable ? f(m.hit3) : '–'} | ${answerable ? f(m.wronglyRefused) : '–'} | ${m.unanswerable > 0 ? f(m.correctNoAnswer) : '–'} |`);
  }
  out.push(`\nNo-answer trade-off (chosen point marked *: evidence ≥ ${EVIDENCE_THRESHOLD}, unknown-word share ≤ ${MAX_UNKNOWN_SHARE})`, '| max unknown share | evidence threshold | answered correctly | wrongly abstained | correct no-answer |', '|---|---|---|---|---|');
  const points = [0.3, 0.35, 0.4, 0.5, 1].flatMap((unknown) => [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((evidence) => ({ evidence, unknown })));
  for (const p of tradeOff(answers, points)) {
    const chosen = p.evidence === EVIDENCE_THRESHOLD && p.unknown === MAX_UNKNOWN_SHARE ? ' *' : '';
    out.push(`| ${p.unknown.toFixed(2)} | ${p.evidence.toFixed(2)}${chosen} | ${f(p.answeredCorrectly)} | ${f(p.wronglyAbstained)} | ${f(p.correctNoAnswer)} |`);
  }
  const wrong = answers.filter((r) => (r.question.answerable ? !r.answer.answered || r.hitAt === null || r.hitAt > 1 : r.answer.answered));
  out.push(`\nAnswer misses (answerable: refused or first citation not a hit; unanswerable: answered): ${wrong.length}`);
  for (const r of wrong) {
    const e = r.evidence;
    out.push(`- ${r.question.id} [${r.question.kind}] "${r.question.question}" → ${r.answer.answered ? `answered, first hit at ${r.hitAt ?? 'none'}` : `refused (${e.verdict})`}; strength ${e.strength.toFixed(2)}, unknown ${e.unknownShare.toFixed(2)}; cites ${r.answer.citations.map((c) => c.id).join(', ') || '–'}`);
  }
  return out;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
