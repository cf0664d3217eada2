import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSchema } from '../../bot/answer/answerSchema.js';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { rebuildIndex } from '../../retrieval/store/indexStore.js';
import { CORPUS_DIR, scratchDir } from '../helpers/corpus.js';

let dataDir: string;
let cleanup: () => void;
beforeAll(async () => {
  const scratch = scratchDir();
  cleanup = scratch.cleanup;
  dataDir = join(scratch.dir, 'index');
  await rebuildIndex(CORPUS_DIR, dataDir);
});
afterAll(() => cleanup());

function ask(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/ask.ts'), ...args], {
    cwd: PROJECT_ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, PLANBOTEN_DATA_DIR: dataDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run ask', () => {
  it('--json prints exactly one object in the shared Answer shape, citing the plan, section and paragraph', () => {
    const { code, stdout } = ask(['--json', 'hur många ambassadörer har förbundet?']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const answer = answerSchema.parse(JSON.parse(stdout));
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]).toMatchObject({ document: { id: 'vp-2025-2029', period: '2025–2029' }, section: 'Studier', paragraph: 1 });
    expect(answer.citations[0].quote).toContain('över 5 000 "ambassadörer"');
  });

  it('--jsonl answers one question per line with the index loaded once, and reports bad lines as errors', () => {
    const long = 'x'.repeat(1200);
    const { code, stdout } = ask(['--jsonl'], `hyvling\n\nungdomskommitte\n${long}\n`);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(answerSchema.parse(lines[0]).citations[0].quote).toContain('hyvling');
    expect(answerSchema.parse(lines[1]).citations[0].document.id).toBe('sthlm-2018');
    expect(lines[2].error.code).toBe('INPUT_INVALID');
  });

  it('prints a readable answer with numbered sources', () => {
    const { code, stdout } = ask(['krontalsmodellen']);
    expect(code).toBe(0);
    expect(stdout).toContain('Källor:');
    expect(stdout).toMatch(/\[1\] Förbundets verksamhetsplan 2021–2025 › Kollektivavtal och lönebildning, stycke \d+/);
  });

  it('rejects an empty question with a clear message and exit code 2', () => {
    const { code, stdout, stderr } = ask(['--json', '   ']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Frågan är tom');
  });

  it('shows control characters and markup in the question as inert text', () => {
    const { stdout } = ask(['--json', 'hyvling\u0007<script>alert(1)</script>']);
    const answer = answerSchema.parse(JSON.parse(stdout));
    expect(answer.question).not.toContain('\u0007');
    expect(answer.question).toBe('hyvling <script>alert(1)</script>');
  });
});
