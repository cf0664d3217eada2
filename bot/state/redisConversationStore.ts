import type { Redis } from 'ioredis';
import {
  boundedTurn,
  CONVERSATION_DEFAULTS,
  ConversationMemory,
  conversationKey,
  conversationTurnSchema,
  type ConversationStore,
  type ConversationTurn,
} from '../conversation/conversationMemory.js';

export interface RedisConversationStoreOptions {
  /** Prefix of the Redis keys. Default `planboten:`. */
  keyPrefix?: string;
  /** Turns kept per conversation, newest last. Default 5. */
  maxTurns?: number;
  /** A conversation expires (Redis TTL) after this long without a new turn. Default 30 minutes. */
  idleMs?: number;
  /** Where turns go while Redis fails; this process's memory by default. */
  fallback?: ConversationStore;
  /** Told each time Redis fails and the fallback is used. */
  onFallback?: (error: unknown) => void;
}

/**
 * Recent turns per conversation in Redis, shared by every instance: one list per conversation
 * (key: a hash of the conversation id), trimmed to the last `maxTurns` turns, expiring `idleMs`
 * after its last turn. A follow-up asked on one instance is rewritten with the turns another
 * instance answered. If Redis fails, turns are read from and written to `fallback` (this
 * process's memory), so questions are still answered and follow-ups still work on this instance.
 */
export class RedisConversationStore implements ConversationStore {
  private readonly keyPrefix: string;
  private readonly maxTurns: number;
  private readonly idleMs: number;
  private readonly fallback: ConversationStore;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisConversationStoreOptions = {},
  ) {
    this.keyPrefix = `${options.keyPrefix ?? 'planboten:'}conv:`;
    this.maxTurns = options.maxTurns ?? CONVERSATION_DEFAULTS.maxTurns;
    this.idleMs = options.idleMs ?? CONVERSATION_DEFAULTS.idleMs;
    this.fallback = options.fallback ?? new ConversationMemory({ maxTurns: this.maxTurns, idleMs: this.idleMs });
  }

  private key(conversationId: string): string {
    return this.keyPrefix + conversationKey(conversationId);
  }

  async recent(conversationId: string): Promise<ConversationTurn[]> {
    let stored: string[];
    try {
      stored = await this.redis.lrange(this.key(conversationId), 0, -1);
    } catch (error) {
      this.options.onFallback?.(error);
      return this.fallback.recent(conversationId);
    }
    // Data crossing a boundary: an entry that does not parse is skipped, never trusted.
    return stored.flatMap((json) => {
      try {
        const parsed = conversationTurnSchema.safeParse(JSON.parse(json));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
  }

  async remember(conversationId: string, turn: ConversationTurn): Promise<void> {
    const key = this.key(conversationId);
    try {
      const results = await this.redis
        .multi()
        .rpush(key, JSON.stringify(boundedTurn(turn)))
        .ltrim(key, -this.maxTurns, -1)
        .pexpire(key, this.idleMs)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('Redis avbröt transaktionen');
    } catch (error) {
      this.options.onFallback?.(error);
      await this.fallback.remember(conversationId, turn);
    }
  }

  async forget(conversationId: string): Promise<void> {
    await this.fallback.forget(conversationId);
    try {
      await this.redis.del(this.key(conversationId));
    } catch (error) {
      this.options.onFallback?.(error);
    }
  }
}
