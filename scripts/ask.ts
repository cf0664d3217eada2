import { embedderFromEnv } from '../bot/config/embedderFromEnv.js';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { answerFunctionFromEnv } from '../bot/answer/answerFunctionFromEnv.js';
import type { Answer } from '../bot/answer/answerSchema.js';
import { retrievalConfig } from '../retrieval/config.js';
import { PlanbotenError } from '../retrieval/errors.js';
import { loadIndex } from '../retrieval/store/indexStore.js';

const USAGE = `Användning:
  npm run ask -- "fråga"                        läsbart svar med numrerade källor
  npm run --silent ask -- --json "fråga"        ett JSON-objekt
  npm run --silent ask -- --jsonl < frågor.txt  en fråga per rad in, ett JSON-objekt per rad ut
  --conversation                                 med --jsonl: raderna är ett samtal, följdfrågor förstås`;

function formatReadable(answer: Answer): string {
  const lines = [`Fråga: ${answer.question}`, '', answer.answer];
  if (answer.suggestions.length > 0) lines.push('', `${answer.language === 'en' ? 'Try' : 'Prova'}: ${answer.suggestions.map((s) => s.question).join(' | ')}`);
  if (answer.citations.length > 0) {
    // A related reply's passages are context the member may read, not sources of an answer.
    lines.push('', answer.outcome === 'related' ? 'Närliggande avsnitt (inget svar på frågan):' : 'Källor:');
    answer.citations.forEach((c, i) => {
      const period = c.document.title.includes(c.document.period) ? '' : ` (${c.document.period})`;
      lines.push(`  [${i + 1}] ${c.document.title}${period} › ${c.sectionPath.join(' › ')}, stycke ${c.paragraph}`);
      lines.push(`      "${c.quote.replace(/\n/g, ' / ')}"`);
    });
  }
  return lines.join('\n');
}

function errorJson(question: string, error: PlanbotenError): string {
  return JSON.stringify({ question, error: { code: error.code, message: error.message } });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, conversation: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || (!values.jsonl && positionals.length === 0)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const { answer: composeAnswer } = answerFunctionFromEnv(process.env, (message) => process.stderr.write(`${message}\n`));
  const { retriever } = await loadIndex({ ...retrievalConfig(), embedder: await embedderFromEnv() });
  // Conversation memory lives in this process: one run of --jsonl is one conversation.
  const context = values.conversation ? { conversationId: 'cli' } : {};

  if (values.jsonl) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        process.stdout.write(`${JSON.stringify(await composeAnswer(retriever, line, context))}\n`);
      } catch (error) {
        if (!(error instanceof PlanbotenError)) throw error;
        process.stdout.write(`${errorJson(line, error)}\n`);
      }
    }
    return 0;
  }

  const question = positionals.join(' ');
  const answer = await composeAnswer(retriever, question, context);
  process.stdout.write(values.json ? `${JSON.stringify(answer)}\n` : `${formatReadable(answer)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof PlanbotenError) {
      process.stderr.write(`Fel: ${error.message}\n`);
      process.exit(error.code === 'INPUT_INVALID' ? 2 : 1);
    }
    process.stderr.write(`Oväntat fel: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
