import { describe, expect, it } from 'vitest';
import { citedSectionTitles, ConversationMemory } from '../../../bot/conversation/conversationMemory.js';

const turn = (q: string, sections: string[] = ['Studier']) => ({ standaloneQuestion: q, sectionTitles: sections });

describe('ConversationMemory', () => {
  it('keeps the last turns of a conversation, oldest first', () => {
    const memory = new ConversationMemory({ maxTurns: 2 });
    memory.remember('teams:a', turn('Vad säger planen om studier?'));
    memory.remember('teams:a', turn('Vad säger planen om arbetsmiljö?', ['Arbetsmiljö']));
    memory.remember('teams:a', turn('Vad säger planen om hyvling?', ['Inledning']));
    expect(memory.recent('teams:a').map((t) => t.standaloneQuestion)).toEqual(['Vad säger planen om arbetsmiljö?', 'Vad säger planen om hyvling?']);
    expect(memory.recent('teams:b')).toEqual([]);
  });

  it('forgets a conversation after the idle time', () => {
    let now = 0;
    const memory = new ConversationMemory({ idleMs: 30 * 60_000, now: () => now });
    memory.remember('web:1', turn('Vad säger planen om studier?'));
    now += 29 * 60_000;
    expect(memory.recent('web:1')).toHaveLength(1);
    memory.remember('web:1', turn('och arbetsmiljö?'));
    now += 29 * 60_000; // activity renewed the clock
    expect(memory.recent('web:1')).toHaveLength(2);
    now += 2 * 60_000;
    expect(memory.recent('web:1')).toEqual([]);
    expect(memory.size).toBe(0);
  });

  it('drops the least recently active conversation beyond the bound', () => {
    const memory = new ConversationMemory({ maxConversations: 2 });
    memory.remember('a', turn('A?'));
    memory.remember('b', turn('B?'));
    memory.remember('a', turn('A igen?'));
    memory.remember('c', turn('C?'));
    expect(memory.size).toBe(2);
    expect(memory.recent('b')).toEqual([]);
    expect(memory.recent('a')).toHaveLength(2);
    memory.forget('a');
    expect(memory.recent('a')).toEqual([]);
  });

  it('stores no conversation ids and caps what it stores', () => {
    const memory = new ConversationMemory();
    memory.remember('29:1a2b-user-id-anna.svensson@example.org', turn('x'.repeat(1_000), ['A', 'A', 'B', 'C', 'D', 'E', 'F']));
    // The keys are hashes: the raw id is nowhere in the memory's state.
    expect(JSON.stringify([...(memory as unknown as { entries: Map<string, unknown> }).entries.keys()])).not.toContain('anna');
    const [stored] = memory.recent('29:1a2b-user-id-anna.svensson@example.org');
    expect(stored.standaloneQuestion).toHaveLength(300);
    expect(stored.sectionTitles).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('derives section titles from an answer’s citations', () => {
    expect(citedSectionTitles([{ sectionPath: ['Avtal 2020', 'Mål'] }, { sectionPath: ['Studier'] }, { sectionPath: ['Studier'] }])).toEqual(['Avtal 2020 › Mål', 'Studier']);
  });
});
