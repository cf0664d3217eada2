import { describe, expect, it } from 'vitest';
import { citedSectionTitles, ConversationMemory, conversationKey } from '../../../bot/conversation/conversationMemory.js';

const turn = (q: string, sections: string[] = ['Studier']) => ({ standaloneQuestion: q, sectionTitles: sections });

describe('ConversationMemory (in this process, lru-cache)', () => {
  it('keeps the last turns of a conversation, oldest first', async () => {
    const memory = new ConversationMemory({ maxTurns: 2 });
    await memory.remember('teams:a', turn('Vad säger planen om studier?'));
    await memory.remember('teams:a', turn('Vad säger planen om arbetsmiljö?', ['Arbetsmiljö']));
    await memory.remember('teams:a', turn('Vad säger planen om hyvling?', ['Inledning']));
    expect((await memory.recent('teams:a')).map((t) => t.standaloneQuestion)).toEqual(['Vad säger planen om arbetsmiljö?', 'Vad säger planen om hyvling?']);
    expect(await memory.recent('teams:b')).toEqual([]);
  });

  it('forgets a conversation after the idle time; a new turn restarts the clock, reading does not', async () => {
    let now = 0;
    const memory = new ConversationMemory({ idleMs: 30 * 60_000, now: () => now });
    await memory.remember('web:1', turn('Vad säger planen om studier?'));
    now += 29 * 60_000;
    expect(await memory.recent('web:1')).toHaveLength(1);
    await memory.remember('web:1', turn('och arbetsmiljö?'));
    now += 29 * 60_000; // the new turn renewed the clock
    expect(await memory.recent('web:1')).toHaveLength(2);
    now += 2 * 60_000; // 31 minutes after the last turn, though read 2 minutes ago
    expect(await memory.recent('web:1')).toEqual([]);
    expect(memory.size).toBe(0);
  });

  it('drops the least recently used conversation beyond the bound', async () => {
    const memory = new ConversationMemory({ maxConversations: 2 });
    await memory.remember('a', turn('A?'));
    await memory.remember('b', turn('B?'));
    await memory.remember('a', turn('A igen?'));
    await memory.remember('c', turn('C?'));
    expect(memory.size).toBe(2);
    expect(await memory.recent('b')).toEqual([]);
    expect(await memory.recent('a')).toHaveLength(2);
    await memory.forget('a');
    expect(await memory.recent('a')).toEqual([]);
  });

  it('stores no conversation ids and caps what it stores', async () => {
    const memory = new ConversationMemory();
    const id = '29:1a2b-user-id-anna.svensson@example.org';
    await memory.remember(id, turn('x'.repeat(1_000), ['A', 'A', 'B', 'C', 'D', 'E', 'F']));
    // The keys are hashes: the raw id is nowhere in the memory's state.
    const keys = [...(memory as unknown as { cache: { keys(): Iterable<string> } }).cache.keys()];
    expect(keys).toEqual([conversationKey(id)]);
    expect(JSON.stringify(keys)).not.toContain('anna');
    const [stored] = await memory.recent(id);
    expect(stored.standaloneQuestion).toHaveLength(300);
    expect(stored.sectionTitles).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('hands out copies: changing a returned turn does not change the memory', async () => {
    const memory = new ConversationMemory();
    await memory.remember('x', turn('Vad säger planen om studier?'));
    const [first] = await memory.recent('x');
    first.sectionTitles.push('Något annat');
    expect((await memory.recent('x'))[0].sectionTitles).toEqual(['Studier']);
  });

  it('derives section titles from an answer’s citations', () => {
    expect(citedSectionTitles([{ sectionPath: ['Avtal 2020', 'Mål'] }, { sectionPath: ['Studier'] }, { sectionPath: ['Studier'] }])).toEqual(['Avtal 2020 › Mål', 'Studier']);
  });
});
