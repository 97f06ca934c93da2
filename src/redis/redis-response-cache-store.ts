import type { ResponseCacheStore } from '../state/response-cache-store.js';
import type { StateStoreStatus } from '../state/state-store.js';
import { createRedisCommands } from './redis-commands.js';
import type { NodeRedisClientLike, RedisConnection } from './redis-connection.js';
import { fromNodeRedis } from './redis-connection.js';
import { getCacheEntry, setCacheEntry } from './redis-scripts.js';

/** Settings for {@link createRedisResponseCacheStore}. Give `client` (node-redis) or `connection`. */
export interface RedisResponseCacheStoreOptions {
  /** A connected node-redis (`redis` 5+) client. */
  client?: NodeRedisClientLike;
  /** Any client through an adapter, such as `fromIoredis(client)`. */
  connection?: RedisConnection;
  /** Put before every key: entries live at `<prefix>cache:<sha256>`. Default `llmrouter:`. */
  prefix?: string;
  /** Longest wait for one command; a slower one is a miss (or an unstored answer). Default 50. */
  commandTimeoutMs?: number;
  /** Called when the store loses Redis (`degraded`) and when it has it back (`connected`). */
  onStatusChange?: (status: StateStoreStatus, error?: unknown) => void;
}

/** A {@link ResponseCacheStore} on Redis, with what it has seen of Redis's health. */
export interface RedisResponseCacheStore extends ResponseCacheStore {
  /** `degraded` from a failed or timed-out command until the next one that succeeds. */
  readonly status: StateStoreStatus;
  /** Commands that failed or timed out since the store was made (a counter to export as a metric). */
  readonly failedCommands: number;
}

/**
 * Shares the response cache through Redis, so every replica (or router) using the same prefix answers
 * from one another's cached answers. Each entry is one string key with the entry's TTL as its expiry.
 * A command that fails or takes longer than `commandTimeoutMs` rejects, and the cache takes that as a
 * miss: a Redis outage costs fresh calls, never failed ones.
 *
 * @example
 * import { createClient } from 'redis';
 * import { responseCache } from 'llmrouter';
 * import { createRedisResponseCacheStore } from 'llmrouter/redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).on('error', () => {}).connect();
 * const cache = responseCache({ ttlMs: 600_000, store: createRedisResponseCacheStore({ client }) });
 */
export function createRedisResponseCacheStore(
  options: RedisResponseCacheStoreOptions,
): RedisResponseCacheStore {
  const connection = options.connection ?? (options.client ? fromNodeRedis(options.client) : undefined);
  if (!connection) throw new TypeError('createRedisResponseCacheStore needs a client or a connection');
  const prefix = `${options.prefix ?? 'llmrouter:'}cache:`;
  const commands = createRedisCommands({
    connection,
    timeoutMs: options.commandTimeoutMs ?? 50,
    subject: 'Redis response cache',
    fallback: 'every lookup is a miss',
    resumed: 'caching again',
    onStatusChange: options.onStatusChange,
    log: undefined,
  });

  return {
    get status() {
      return commands.status;
    },
    get failedCommands() {
      return commands.failedCommands;
    },
    async get(key) {
      const value = await commands.script(getCacheEntry, [prefix + key], []);
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlMs) {
      await commands.script(setCacheEntry, [prefix + key], [value, Math.max(1, Math.ceil(ttlMs))]);
    },
  };
}
