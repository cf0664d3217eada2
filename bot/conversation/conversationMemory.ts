import { createHash } from 'node:crypto';

/** What a conversation remembers of one answered turn; nothing about who asked. */
export interface ConversationTurn {
  /** The question as it was searched: already rewritten when it was a follow-up. */
  standaloneQuestion: string;
  /** Section titles the answer cited, e.g. `Studier`, `Avtal 2020 › Mål`. */
  sectionTitles: string[];
}

export interface ConversationMemoryOptions {
  /** Conversations kept at once; the least recently active is dropped first. Default 1000. */
  maxConversations?: number;
  /** Turns kept per conversation, newest last. Default 5. */
  maxTurns?: number;
  /** A conversation is forgotten after this long without a turn. Default 30 minutes. */
  idleMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Longest standalone question stored; a follow-up needs the topic, not an essay. */
const MAX_QUESTION_CHARS = 300;
const MAX_SECTIONS = 5;

interface Entry {
  turns: ConversationTurn[];
  lastActive: number;
}

/**
 * Recent turns per conversation, in memory only, bounded in every direction: at most
 * `maxConversations` conversations of `maxTurns` turns, each forgotten after `idleMs` of silence.
 * Keys are hashes of the channel's conversation id (Teams conversation, web session), so the
 * memory holds no user or conversation identifiers; turns hold only the standalone question
 * (capped) and the cited section titles.
 */
export class ConversationMemory {
  private readonly entries = new Map<string, Entry>();
  private readonly maxConversations: number;
  private readonly maxTurns: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(options: ConversationMemoryOptions = {}) {
    this.maxConversations = options.maxConversations ?? 1000;
    this.maxTurns = options.maxTurns ?? 5;
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private static key(conversationId: string): string {
    return createHash('sha256').update(conversationId).digest('base64url').slice(0, 22);
  }

  /** Drops expired conversations; the map is in order of last activity, so the sweep stops early. */
  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.lastActive <= this.idleMs) break;
      this.entries.delete(key);
    }
  }

  /** The conversation's recent turns, oldest first; empty for an unknown or expired conversation. */
  recent(conversationId: string): ConversationTurn[] {
    const now = this.now();
    this.sweep(now);
    const entry = this.entries.get(ConversationMemory.key(conversationId));
    return entry ? entry.turns.map((t) => ({ ...t, sectionTitles: [...t.sectionTitles] })) : [];
  }

  /** Records an answered turn and marks the conversation active. */
  remember(conversationId: string, turn: ConversationTurn): void {
    const now = this.now();
    this.sweep(now);
    const key = ConversationMemory.key(conversationId);
    const entry = this.entries.get(key) ?? { turns: [], lastActive: now };
    this.entries.delete(key); // re-inserted below: most recently active last
    entry.turns.push({
      standaloneQuestion: turn.standaloneQuestion.trim().slice(0, MAX_QUESTION_CHARS),
      sectionTitles: [...new Set(turn.sectionTitles)].slice(0, MAX_SECTIONS),
    });
    entry.turns = entry.turns.slice(-this.maxTurns);
    entry.lastActive = now;
    this.entries.set(key, entry);
    while (this.entries.size > this.maxConversations) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets a conversation (a "new conversation" button, a reset command). */
  forget(conversationId: string): void {
    this.entries.delete(ConversationMemory.key(conversationId));
  }

  /** Conversations currently remembered (expired ones may linger until the next access). */
  get size(): number {
    return this.entries.size;
  }
}

/** The section titles of an answer's citations, for {@link ConversationTurn.sectionTitles}. */
export function citedSectionTitles(citations: ReadonlyArray<{ sectionPath: readonly string[] }>): string[] {
  return [...new Set(citations.map((c) => c.sectionPath.join(' › ')))];
}
