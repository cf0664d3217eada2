import { describe, expect, it } from 'vitest';
import { chunkSections, MAX_CHUNK_CHARS } from '../../../retrieval/ingest/chunkSections.js';
import { loadCorpus } from '../../../retrieval/ingest/loadCorpus.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

const corpus = loadCorpus(CORPUS_DIR);

describe('chunkSections', () => {
  it('gives each chunk the exact slice of the normalised text it quotes', () => {
    for (const doc of corpus.documents) {
      for (const chunk of chunkSections(doc)) expect(doc.parsed.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
  });

  it('covers every paragraph and list item exactly once and never crosses a section', () => {
    for (const doc of corpus.documents) {
      const chunks = chunkSections(doc);
      for (const section of doc.parsed.sections) {
        const inSection = chunks.filter((c) => c.start >= (section.blocks[0]?.start ?? Infinity) && c.end <= (section.blocks.at(-1)?.end ?? -1));
        expect(inSection.every((c) => c.section === section.heading && c.sectionPath.join('/') === section.path.join('/'))).toBe(true);
        const covered = inSection.map((c) => c.text).join(' ').replace(/\s+/g, '');
        const blocks = section.blocks.map((b) => doc.parsed.text.slice(b.start, b.end)).join(' ').replace(/\s+/g, '');
        expect(covered).toBe(blocks);
      }
    }
  });

  it('keeps chunks within the size limit unless a single sentence is longer', () => {
    const all = corpus.documents.flatMap(chunkSections);
    expect(all.filter((c) => c.text.length > MAX_CHUNK_CHARS && /[.!?] \p{Lu}/u.test(c.text))).toEqual([]);
  });

  it('has ids that are unique and identical when the corpus is loaded again', () => {
    const first = corpus.documents.flatMap(chunkSections).map((c) => c.id);
    const second = loadCorpus(CORPUS_DIR).documents.flatMap(chunkSections).map((c) => c.id);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    // A long list is one paragraph cut into parts, like a long paragraph.
    expect(first.filter((id) => id.startsWith('sthlm-2018/4-ungdomsverksamhet/'))).toEqual(['sthlm-2018/4-ungdomsverksamhet/p1.1', 'sthlm-2018/4-ungdomsverksamhet/p1.2']);
  });

  it('answers lists as lists: a "Mål" list is one chunk, numbered as one paragraph', () => {
    const prio = corpus.documents.find((d) => d.entry.id === 'prio-2020')!;
    const goals = chunkSections(prio).find((c) => c.sectionPath.join(' › ') === 'Studier › Mål')!;
    expect(goals).toMatchObject({ id: 'prio-2020/studier/mal/p1', kind: 'list', paragraph: 1, paragraphEnd: 1 });
    expect(goals.text.split('\n')).toHaveLength(4);
  });

  it('numbers a list as one paragraph, so the paragraph after it is the next number', () => {
    const vp = corpus.documents.find((d) => d.entry.id === 'vp-2021-2025')!;
    const section = chunkSections(vp).filter((c) => c.sectionPath[0] === 'Kollektivavtal och lönebildning');
    const list = section.find((c) => c.kind === 'list')!;
    expect(list.text.split('\n')).toHaveLength(2);
    const after = section.filter((c) => c.start > list.end);
    expect(after.length).toBeGreaterThan(0);
    expect(after[0].paragraph).toBe(list.paragraph + 1);
    const numbers = [...new Set(section.map((c) => c.paragraph))];
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });
});
