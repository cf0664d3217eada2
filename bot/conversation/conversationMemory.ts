import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';

/** What a conversation remembers of one answered turn; nothing about who asked. */
export const conversationTurnSchema = z.object({
  /** The question as it was searched: already rewritten when it was a follow-up. */
  standaloneQuestion: z.string(),
  /** Section titles the answer cited, e.g. `Studier`, `Avtal 2020 › Mål`. */
  sectionTitles: z.array(z.string()),
});

export type ConversationTurn = z.infer<typeof conversationTurnSchema>;

/**
 * Recent turns per conversation, for rewriting follow-up questions. Asynchronous because a
 * deployment with several instances keeps them in a shared engine (Redis, see
 * `redisConversationStore.ts`); the embedded default keeps them in this process
 * ({@link ConversationMemory}).
 */
export interface ConversationStore {
  /** The conversation's recent turns, oldest first; empty for an unknown or expired conversation. */
  recent(conversationId: string): Promise<ConversationTurn[]>;
  /** Records an answered turn and marks the conversation active. */
  remember(conversationId: string, turn: ConversationTurn): Promise<void>;
  /** Forgets a conversation (a "new conversation" button, a reset command). */
  forget(conversationId: string): Promise<void>;
}

export interface ConversationMemoryOptions {
  /** Conversations kept at once; the least recently used is dropped first. Default 1000. */
  maxConversations?: number;
  /** Turns kept per conversation, newest last. Default 5. */
  maxTurns?: number;
  /** A conversation is forgotten after this long without a turn. Default 30 minutes. */
  idleMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Defaults shared by every store, so a conversation behaves the same whichever holds it. */
export const CONVERSATION_DEFAULTS = { maxConversations: 1000, maxTurns: 5, idleMs: 30 * 60_000 } as const;

/** Longest standalone question stored; a follow-up needs the topic, not an essay. */
const MAX_QUESTION_CHARS = 300;
const MAX_SECTIONS = 5;

/**
 * The key a conversation is stored under: a hash of the channel's conversation id (Teams
 * conversation, web session), so no store holds user or conversation identifiers.
 */
export function conversationKey(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('base64url').slice(0, 22);
}

/** A turn as stored: the question capped, section titles unique and at most five. */
export function boundedTurn(turn: ConversationTurn): ConversationTurn {
  return {
    standaloneQuestion: turn.standaloneQuestion.trim().slice(0, MAX_QUESTION_CHARS),
    sectionTitles: [...new Set(turn.sectionTitles)].slice(0, MAX_SECTIONS),
  };
}

/**
 * Recent turns per conversation in this process (lru-cache), bounded in every direction: at most
 * `maxConversations` conversations of `maxTurns` turns, each forgotten after `idleMs` without a
 * new turn. Turns hold only the standalone question (capped) and the cited section titles.
 */
export class ConversationMemory implements ConversationStore {
  private readonly cache: LRUCache<string, ConversationTurn[]>;
  private readonly maxTurns: number;

  constructor(options: ConversationMemoryOptions = {}) {
    this.maxTurns = options.maxTurns ?? CONVERSATION_DEFAULTS.maxTurns;
    this.cache = new LRUCache<string, ConversationTurn[]>({
      max: options.maxConversations ?? CONVERSATION_DEFAULTS.maxConversations,
      ttl: options.idleMs ?? CONVERSATION_DEFAULTS.idleMs,
      // Reading a conversation does not keep it alive; only a new turn restarts the idle clock.
      updateAgeOnGet: false,
      ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    });
  }

  async recent(conversationId: string): Promise<ConversationTurn[]> {
    const turns = this.cache.get(conversationKey(conversationId));
    return turns ? turns.map((t) => ({ ...t, sectionTitles: [...t.sectionTitles] })) : [];
  }

  async remember(conversationId: string, turn: ConversationTurn): Promise<void> {
    const key = conversationKey(conversationId);
    const turns = [...(this.cache.get(key) ?? []), boundedTurn(turn)].slice(-this.maxTurns);
    this.cache.set(key, turns);
  }

  async forget(conversationId: string): Promise<void> {
    this.cache.delete(conversationKey(conversationId));
  }

  /** Conversations currently remembered (expired ones may linger until the next access). */
  get size(): number {
    return this.cache.size;
  }
}

/** The section titles of an answer's citations, for {@link ConversationTurn.sectionTitles}. */
export function citedSectionTitles(citations: ReadonlyArray<{ sectionPath: readonly string[] }>): string[] {
  return [...new Set(citations.map((c) => c.sectionPath.join(' › ')))];
}
