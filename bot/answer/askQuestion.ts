import type { Retriever } from '../../retrieval/retriever.js';
import type { Answer } from './answerSchema.js';
import { cleanQuestion } from './cleanQuestion.js';
import { presentPassages } from './presentPassages.js';

/** How many passages an answer cites at most. */
export const CITATION_LIMIT = 3;

/** From a member's raw question to the answer every channel shows. Throws InputError for unusable input. */
export async function askQuestion(retriever: Retriever, rawQuestion: string): Promise<Answer> {
  const question = cleanQuestion(rawQuestion);
  const passages = await retriever.search(question, { limit: CITATION_LIMIT });
  return presentPassages(question, passages);
}
