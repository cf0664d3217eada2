import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { RetrievedPassage } from '../../retrieval/retriever.js';
import type { Answer } from '../answer/answerSchema.js';
import { citationFor } from '../answer/citationFor.js';
import { generateAnswer } from './generateAnswer.js';
import type { GenerationFailureReason, GenerationPassage } from './generationSchema.js';
import type { Prompts } from './loadPrompts.js';

/** How an answer was written, for logs, the API's metadata and evaluation. */
export interface GenerationMeta {
  mode: 'generated' | 'extractive';
  /**
   * Why a configured model's answer was not served: a {@link GenerationFailureReason}, or
   * `model-declined` when the model found no answer where the evidence rule found one (the
   * extractive answer's verbatim quotes are then the safer choice). Absent when no model is
   * configured or the extractive answer was a refusal (never overridden by a model).
   */
  fallbackReason?: GenerationFailureReason | 'model-declined';
  /** For logs: ids and counts behind `fallbackReason`, never the question or the answer text. */
  fallbackDetail?: string;
  /** The prompt version used, when a model was asked. */
  promptVersion?: string;
}

/** What answering with a model needs; built once at start-up. */
export interface AnswerGenerator {
  chatModel: BaseChatModel;
  prompts: Prompts;
  timeoutMs: number;
}

/** A retrieved passage as the model sees it: chunk id, "plan › section, stycke n", verbatim text. */
export function toGenerationPassage(passage: RetrievedPassage): GenerationPassage {
  const { chunk, document } = passage;
  const paragraphs = chunk.paragraphEnd > chunk.paragraph ? `${chunk.paragraph}–${chunk.paragraphEnd}` : `${chunk.paragraph}`;
  return { id: chunk.id, label: `${document.title} › ${chunk.sectionPath.join(' › ')}, stycke ${paragraphs}`, text: chunk.text };
}

/**
 * The answer to serve: the model's grounded answer when one is configured and it passes every
 * check, else the extractive answer unchanged. Call it with the extractive answer and the passages
 * retrieved for it (best first). A refusal (`answered: false`, with its suggestions) is never
 * handed to the model. Never throws for model or provider failures.
 */
export async function preferGeneratedAnswer(
  extractive: Answer,
  passages: readonly RetrievedPassage[],
  generator: AnswerGenerator | null,
): Promise<{ answer: Answer; generation: GenerationMeta }> {
  if (!generator || !extractive.answered || passages.length === 0) return { answer: extractive, generation: { mode: 'extractive' } };
  const promptVersion = generator.prompts.version;
  const result = await generateAnswer(
    generator.chatModel,
    { question: extractive.question, language: extractive.language, passages: passages.map(toGenerationPassage) },
    { prompts: generator.prompts, timeoutMs: generator.timeoutMs },
  );
  if (!result.ok) {
    return { answer: extractive, generation: { mode: 'extractive', fallbackReason: result.reason, fallbackDetail: result.detail, promptVersion } };
  }
  if (!result.answered) return { answer: extractive, generation: { mode: 'extractive', fallbackReason: 'model-declined', promptVersion } };
  const byId = new Map(passages.map((p) => [p.chunk.id, p]));
  return {
    answer: { ...extractive, answer: result.answer, citations: result.citationIds.map((id) => {
      const p = byId.get(id)!;
      return citationFor(p.chunk, p.document, p.score);
    }), suggestions: [] },
    generation: { mode: 'generated', promptVersion },
  };
}
