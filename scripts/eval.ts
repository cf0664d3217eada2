import { parseArgs } from 'node:util';
import { retrievalConfig } from '../retrieval/config.js';
import type { RetrievalMode } from '../retrieval/retriever.js';
import { loadIndex } from '../retrieval/store/indexStore.js';
import { loadEvalSet, type AnswerableQuestion } from './evaluation/evalSet.js';
import { rankQuestions, summarize, type Metrics, type QuestionResult } from './evaluation/retrievalMetrics.js';

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
  const { retriever } = await loadIndex(retrievalConfig());

  const byMode = new Map<RetrievalMode, QuestionResult[]>();
  for (const mode of MODES) byMode.set(mode, await rankQuestions(retriever, answerable, mode));
  const hybrid = byMode.get('hybrid')!;
  const select = (rs: QuestionResult[], f: (q: AnswerableQuestion) => boolean) => rs.filter((r) => f(r.question));

  if (values.json) {
    const summary = Object.fromEntries(
      MODES.map((mode) => {
        const rs = byMode.get(mode)!;
        return [mode, { all: summarize(rs), sv: summarize(select(rs, (q) => q.lang === 'sv')), en: summarize(select(rs, (q) => q.lang === 'en')) }];
      }),
    );
    process.stdout.write(`${JSON.stringify({ questions: questions.length, answerable: answerable.length, ablation: summary })}\n`);
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
  const misses = hybrid.filter((r) => r.rank === null || r.rank > 3);
  out.push(`\nHybrid misses (no hit in top 3): ${misses.length}`);
  for (const r of misses) {
    out.push(`- ${r.question.id} [${r.question.kind}] "${r.question.question}"`);
    out.push(`    gold ${r.question.gold.document} › ${r.question.gold.section}: "${r.question.gold.evidence}" (first hit at rank ${r.rank ?? '>10'})`);
    out.push(`    got  ${r.top.map((t) => t.id).join(', ')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
