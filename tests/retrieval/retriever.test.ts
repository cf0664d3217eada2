import { beforeAll, describe, expect, it } from 'vitest';
import type { Retriever } from '../../retrieval/retriever.js';
import { buildIndex } from '../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

let retriever: Retriever;
beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
});

const top = async (question: string, limit = 3) => (await retriever.search(question, { limit })).map((p) => p.chunk);

describe('Retriever', () => {
  it('answers about Seko’s position from the newest plan when an older plan says nearly the same', async () => {
    const [first] = await top('hur många ambassadörer har förbundet');
    expect(first.documentId).toBe('vp-2025-2029');
    expect(first.text).toContain('över 5 000');
  });

  it('goes to the older plan when the question asks for it', async () => {
    const [first] = await top('hur många ambassadörer stod det i förra verksamhetsplanen');
    expect(first.documentId).toBe('vp-2021-2025');
    expect(first.text).toContain('över 6 000');
  });

  it('never returns the same text twice, even where two plans repeat a paragraph word for word', async () => {
    const results = await top('utan Sekos medlemmar stannar Sverige', 10);
    const texts = results.map((c) => c.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(results[0].documentId).toBe('vp-2025-2029');
  });

  it('prefers the list when the question asks for goals', async () => {
    const [first] = await top('vilka mål fanns för studier 2020');
    expect(first).toMatchObject({ documentId: 'prio-2020', kind: 'list', sectionPath: ['Studier', 'Mål'] });
  });

  it('understands everyday Swedish and English through the glossary', async () => {
    expect((await top('kan man tipsa anonymt om missförhållanden'))[0].text).toContain('visselblåsfunktion');
    expect((await top('what does the plan say about whistleblowing'))[0].text).toContain('visselblåsfunktion');
  });

  it('finds the Stockholm commitments by keyword, also without å/ä/ö', async () => {
    const [first] = await top('ungdomskommitte');
    expect(first.documentId).toBe('sthlm-2018');
    expect(first.sectionPath).toEqual(['4. Ungdomsverksamhet']);
  });
});
