import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fillTemplate, placeholdersOf } from '../../../bot/generation/fillTemplate.js';
import { loadPrompts, PROMPT_TEMPLATES, PromptError } from '../../../bot/generation/loadPrompts.js';
import { PROJECT_ROOT } from '../../../retrieval/config.js';
import { PlanbotenError } from '../../../retrieval/errors.js';

const V1 = join(PROJECT_ROOT, 'prompts', 'v1');
const dirs: string[] = [];

/** A copy of prompts/v1 to break. */
function copyOfV1(): string {
  const dir = mkdtempSync(join(tmpdir(), 'planboten-prompts-'));
  dirs.push(dir);
  cpSync(V1, dir, { recursive: true });
  return dir;
}

function loadError(dir: string): PromptError {
  try {
    loadPrompts({ dir });
  } catch (error) {
    expect(error).toBeInstanceOf(PromptError);
    expect(error).toBeInstanceOf(PlanbotenError);
    return error as PromptError;
  }
  throw new Error('loadPrompts did not fail');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadPrompts', () => {
  it('loads prompts/v1 with every template, the language names and the worked examples', () => {
    const prompts = loadPrompts();
    expect(prompts.version).toBe('v1');
    expect(Object.keys(prompts.templates).sort()).toEqual(Object.keys(PROMPT_TEMPLATES).sort());
    expect(prompts.answerLanguage).toEqual({ sv: 'svenska', en: 'engelska (English)' });
    expect(prompts.examples.length).toBeGreaterThan(0);
  });

  it('names a missing folder', () => {
    const error = loadError(join(tmpdir(), 'planboten-no-such-prompts'));
    expect(error.problem).toBe('missing-folder');
    expect(error.message).toContain('planboten-no-such-prompts');
  });

  it('names a missing or empty template file', () => {
    const dir = copyOfV1();
    unlinkSync(join(dir, 'user-message.md'));
    expect(loadError(dir)).toMatchObject({ problem: 'missing-file', file: join(dir, 'user-message.md'), code: 'PROMPTS_INVALID' });

    const other = copyOfV1();
    writeFileSync(join(other, 'system.sv.md'), '  \n');
    expect(loadError(other)).toMatchObject({ problem: 'empty-file', file: join(other, 'system.sv.md') });
  });

  it('refuses a template that lost a placeholder or has an unknown one', () => {
    const dir = copyOfV1();
    const path = join(dir, 'user-message.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('{{passages}}', ''));
    const error = loadError(dir);
    expect(error.problem).toBe('placeholders');
    expect(error.message).toContain('{{passages}}');

    const other = copyOfV1();
    writeFileSync(join(other, 'passage.md'), '<passage id="{{id}}" källa="{{label}}">\n{{text}}\n{{secret}}\n</passage>');
    expect(loadError(other).message).toContain('okända {{secret}}');
  });

  it('refuses broken JSON and examples of the wrong shape', () => {
    const dir = copyOfV1();
    writeFileSync(join(dir, 'examples.json'), '[{"name": "trasig",');
    expect(loadError(dir)).toMatchObject({ problem: 'invalid-json', file: join(dir, 'examples.json') });

    const other = copyOfV1();
    writeFileSync(join(other, 'examples.json'), JSON.stringify([{ name: 'x', question: 'y', language: 'de', passages: [], output: {} }]));
    expect(loadError(other)).toMatchObject({ problem: 'invalid-content' });

    const third = copyOfV1();
    writeFileSync(join(third, 'prompt.json'), JSON.stringify({ version: 'v1' }));
    expect(loadError(third)).toMatchObject({ problem: 'invalid-content', file: join(third, 'prompt.json') });
  });
});

describe('fillTemplate', () => {
  it('fills in one pass, so a value containing a placeholder stays literal', () => {
    expect(fillTemplate('Q: {{question}} P: {{passages}}', { question: '{{passages}}', passages: 'x' })).toBe('Q: {{passages}} P: x');
    expect(placeholdersOf('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
    expect(() => fillTemplate('{{missing}}', {})).toThrow(/missing/);
  });
});
