import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { fillTemplate } from './fillTemplate.js';
import type { GenerationInput } from './generationSchema.js';
import type { Prompts } from './loadPrompts.js';

/** Tags that delimit data in our messages; data must not be able to open or close one. */
const DELIMITER_TAG = /<(\/?)(\s*)(passage|question|history)\b/gi;

/**
 * Makes data unable to fake a delimiter: `</passage>` inside a passage or a question becomes
 * `‹/passage>`, so text from the plans or the user can never end its block early and pose as rules.
 */
export function neutraliseDelimiters(text: string): string {
  return text.replace(DELIMITER_TAG, '‹$1$2$3');
}

/** An attribute value inside a delimiter tag (ids and labels come from our own index, but still). */
function attribute(value: string): string {
  return neutraliseDelimiters(value).replace(/"/g, '&quot;').replace(/\s+/g, ' ');
}

/** The human message: each passage delimited and labelled with its citation id, then the question. */
export function renderUserMessage(prompts: Prompts, input: GenerationInput): string {
  const passages = input.passages
    .map((p) => fillTemplate(prompts.templates.passage, { id: attribute(p.id), label: attribute(p.label), text: neutraliseDelimiters(p.text) }))
    .join('\n\n');
  return fillTemplate(prompts.templates.userMessage, {
    passages,
    question: neutraliseDelimiters(input.question),
    answerLanguage: prompts.answerLanguage[input.language],
  });
}

/** The system message: the rules and the answer format, nothing retrieved and nothing the user typed. */
export function renderSystemMessage(prompts: Prompts): string {
  return fillTemplate(prompts.templates.system, {
    answerFormat: prompts.templates.answerFormat,
    noAnswer: prompts.templates.noAnswer,
  });
}

/**
 * The conversation sent to the model: the rules as the system message, the worked examples as
 * human/assistant pairs, then the real passages and question as the last human message.
 */
export function buildGroundedMessages(prompts: Prompts, input: GenerationInput): BaseMessage[] {
  const examples = prompts.examples.flatMap((example) => [
    new HumanMessage(renderUserMessage(prompts, example)),
    new AIMessage(JSON.stringify(example.output)),
  ]);
  return [new SystemMessage(renderSystemMessage(prompts)), ...examples, new HumanMessage(renderUserMessage(prompts, input))];
}
