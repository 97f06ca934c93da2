import { createHash } from 'node:crypto';
import type { ResponseCacheStore } from '../state/response-cache-store.js';
import type { StateStoreStatus } from '../state/state-store.js';
import type { NodeRedisClientLike, RedisConnection } from './redis-connection.js';
import { fromNodeRedis } from './redis-connection.js';

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

/** A Lua source and its SHA1, so the first call goes by SHA with no SCRIPT LOAD round trip. */
function script(source: string): { source: string; sha: string } {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

// Plain GET and SET PX, sent as one-line scripts because the connection adapters speak EVALSHA only:
// one adapter, shared with the state store, serves node-redis and ioredis alike.
const getEntry = script(`return redis.call('GET', KEYS[1])`);
const setEntry = script(`return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`);

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
  const timeoutMs = options.commandTimeoutMs ?? 50;
  let status: StateStoreStatus = 'connected';
  let failedCommands = 0;

  function report(next: StateStoreStatus, error?: unknown): void {
    if (status === next) return;
    status = next;
    try {
      options.onStatusChange?.(next, error);
    } catch {
      // A throwing hook must not turn a Redis outage into a failed call.
    }
  }

  async function run(entry: { source: string; sha: string }, keys: string[], values: string[]) {
    const call = { keys, arguments: values };
    try {
      return await connection!.evalSha(entry.sha, call);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await connection!.scriptLoad(entry.source);
      return connection!.evalSha(entry.sha, call);
    }
  }

  async function bounded(action: () => Promise<unknown>): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expiry = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis command took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
      timer.unref?.();
    });
    const pending = action();
    // A command that loses the race may still settle later; its rejection is nobody's to handle.
    pending.catch(() => {});
    try {
      const result = await Promise.race([pending, expiry]);
      report('connected');
      return result;
    } catch (error) {
      failedCommands++;
      report('degraded', error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    get status() {
      return status;
    },
    get failedCommands() {
      return failedCommands;
    },
    async get(key) {
      const value = await bounded(() => run(getEntry, [prefix + key], []));
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlMs) {
      await bounded(() => run(setEntry, [prefix + key], [value, String(Math.max(1, Math.ceil(ttlMs)))]));
    },
  };
}
