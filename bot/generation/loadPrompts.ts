import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { PlanbotenError } from '../../retrieval/errors.js';
import { placeholdersOf } from './fillTemplate.js';
import { generationPassageSchema, modelAnswerSchema } from './generationSchema.js';

/** The prompt version served unless another is asked for. */
export const DEFAULT_PROMPT_VERSION = 'v1';

/**
 * Every template in a prompt folder and exactly the placeholders it must use: a missing one would
 * drop data (the passages, the question), an unknown one would never be filled.
 */
export const PROMPT_TEMPLATES = {
  /** System message: the rules only. */
  system: { file: 'system.sv.md', placeholders: ['answerFormat', 'noAnswer'] },
  answerFormat: { file: 'answer-format.md', placeholders: [] },
  noAnswer: { file: 'no-answer.md', placeholders: [] },
  /** Human message: the delimited passages and question, then the answer language. */
  userMessage: { file: 'user-message.md', placeholders: ['passages', 'question', 'answerLanguage'] },
  /** One passage inside the human message. */
  passage: { file: 'passage.md', placeholders: ['id', 'label', 'text'] },
  rewriteSystem: { file: 'rewrite-follow-up.md', placeholders: [] },
  rewriteUser: { file: 'rewrite-follow-up.user.md', placeholders: ['history', 'question'] },
} as const satisfies Record<string, { file: string; placeholders: readonly string[] }>;

export type TemplateName = keyof typeof PROMPT_TEMPLATES;

const manifestSchema = z.object({
  version: z.string().min(1),
  description: z.string().optional(),
  /** How the rules name the answer's language, e.g. `svenska`, `engelska (English)`. */
  answerLanguage: z.object({ sv: z.string().min(1), en: z.string().min(1) }),
});

/** A worked example: shown to the model as a human turn and the answer it should give. */
export const promptExampleSchema = z.object({
  name: z.string().min(1),
  question: z.string().min(1),
  language: z.enum(['sv', 'en']),
  passages: z.array(generationPassageSchema).min(1),
  output: modelAnswerSchema,
});

export type PromptExample = z.infer<typeof promptExampleSchema>;

/** A loaded, checked prompt folder. */
export interface Prompts {
  version: string;
  dir: string;
  templates: Record<TemplateName, string>;
  answerLanguage: { sv: string; en: string };
  examples: PromptExample[];
}

export type PromptProblem = 'missing-folder' | 'missing-file' | 'empty-file' | 'placeholders' | 'invalid-json' | 'invalid-content';

/**
 * A prompt folder cannot be used: missing, a file missing or empty, a template with the wrong
 * placeholders, broken JSON. Thrown when prompts are loaded (at start-up), naming the file.
 */
export class PromptError extends PlanbotenError {
  readonly problem: PromptProblem;
  readonly file: string;
  constructor(problem: PromptProblem, file: string, message: string, options?: { cause?: unknown }) {
    super('PROMPTS_INVALID', `Promptmappen är trasig (${file}): ${message}`, options);
    this.problem = problem;
    this.file = file;
  }
}

export interface LoadPromptsOptions {
  /** A prompt folder; default `prompts/<version>` in the project. */
  dir?: string;
  /** Default {@link DEFAULT_PROMPT_VERSION}; ignored when `dir` is given. */
  version?: string;
}

function readText(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new PromptError('missing-file', path, 'filen saknas');
  const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n').trim();
  if (text === '') throw new PromptError('empty-file', path, 'filen är tom');
  return text;
}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const path = join(dir, file);
  let value: unknown;
  try {
    value = JSON.parse(readText(dir, file));
  } catch (error) {
    if (error instanceof PromptError) throw error;
    throw new PromptError('invalid-json', path, `ogiltig JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PromptError('invalid-content', path, `${issue.path.join('.') || 'innehållet'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Loads and checks a prompt folder (`prompts/v1/` by default): every template present, non-empty
 * and with exactly its placeholders; `prompt.json` and `examples.json` valid. Call once at
 * start-up and pass the result to {@link generateAnswer} and `rewriteFollowUp`; a broken folder is
 * a {@link PromptError} then, not at the first question.
 */
export function loadPrompts(options: LoadPromptsOptions = {}): Prompts {
  const dir = resolve(options.dir ?? join(PROJECT_ROOT, 'prompts', options.version ?? DEFAULT_PROMPT_VERSION));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PromptError('missing-folder', dir, 'mappen finns inte');

  const manifest = readJson(dir, 'prompt.json', manifestSchema);
  const templates = {} as Record<TemplateName, string>;
  for (const [name, spec] of Object.entries(PROMPT_TEMPLATES) as Array<[TemplateName, (typeof PROMPT_TEMPLATES)[TemplateName]]>) {
    const text = readText(dir, spec.file);
    const found = placeholdersOf(text);
    const expected: readonly string[] = spec.placeholders;
    const missing = expected.filter((p) => !found.includes(p));
    const unknown = found.filter((p) => !expected.includes(p));
    if (missing.length > 0 || unknown.length > 0) {
      const parts = [
        ...(missing.length > 0 ? [`saknar ${missing.map((p) => `{{${p}}}`).join(', ')}`] : []),
        ...(unknown.length > 0 ? [`okända ${unknown.map((p) => `{{${p}}}`).join(', ')}`] : []),
      ];
      throw new PromptError('placeholders', join(dir, spec.file), parts.join('; '));
    }
    templates[name] = text;
  }
  const examples = readJson(dir, 'examples.json', z.array(promptExampleSchema));
  return { version: manifest.version, dir, templates, answerLanguage: manifest.answerLanguage, examples };
}
