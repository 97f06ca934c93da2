import type { OutcomeTally, StateStore, StateStoreStatus } from '../state/state-store.js';
import { createRedisCommands } from './redis-commands.js';
import type { NodeRedisClientLike, RedisConnection } from './redis-connection.js';
import { fromNodeRedis } from './redis-connection.js';
import type { RedisScript } from './redis-scripts.js';
import * as scripts from './redis-scripts.js';

/** Settings for {@link createRedisStateStore}. Give `client` (node-redis) or `connection` (any adapter). */
export interface RedisStateStoreOptions {
  /** A connected node-redis (`redis` 5+) client. */
  client?: NodeRedisClientLike;
  /** Any client through an adapter, such as `fromIoredis(client)`. */
  connection?: RedisConnection;
  /** Put before every key and channel. Default `llmrouter:`. */
  prefix?: string;
  /** Longest wait for one command before the store counts Redis as unreachable. Default 50. */
  commandTimeoutMs?: number;
  /** Called when the store loses Redis (`degraded`) and when it has it back (`connected`). */
  onStatusChange?: (status: StateStoreStatus, error?: unknown) => void;
  /** Where the one line per status change goes. Default `console.warn`; `false` for none. */
  log?: ((line: string) => void) | false;
}

/** A {@link StateStore} on Redis, with what it has seen of Redis's health. */
export interface RedisStateStore extends StateStore {
  /** Commands that failed or timed out since the store was made (a counter to export as a metric). */
  readonly failedCommands: number;
  /** Closes the subscriber connection the store opened; the caller's client stays open. */
  close(): Promise<void>;
}

/**
 * Shares breakers (and, through them, a fleet's view of its providers) through Redis. Keys are
 * `<prefix>{<name>}:<field>`, e.g. `llmrouter:{breaker:openai:*}:deadline`, so every key one script touches
 * shares a hash tag and the scripts run on Redis Cluster. Scripts are called by SHA and loaded only when
 * Redis answers NOSCRIPT. A command that fails or takes longer than `commandTimeoutMs` rejects: callers
 * then run on local state, and the store reports the outage once, not per command.
 *
 * @example
 * import { createClient } from 'redis';
 * import { createRedisStateStore } from 'llmrouter/redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).on('error', () => {}).connect();
 * const breaker = circuitBreaker({ store: createRedisStateStore({ client }) });
 */
export function createRedisStateStore(options: RedisStateStoreOptions): RedisStateStore {
  const connection = options.connection ?? (options.client ? fromNodeRedis(options.client) : undefined);
  if (!connection) throw new TypeError('createRedisStateStore needs a client or a connection');
  const prefix = options.prefix ?? 'llmrouter:';
  const commands = createRedisCommands({
    connection,
    timeoutMs: options.commandTimeoutMs ?? 50,
    subject: 'Redis state store',
    fallback: 'running on local state',
    resumed: 'sharing state',
    onStatusChange: options.onStatusChange,
    log: options.log === false ? undefined : (options.log ?? ((line: string) => console.warn(line))),
  });
  const call = (script: RedisScript, keys: string[], ...values: Array<string | number>) =>
    commands.script(script, keys, values);
  const key = (name: string, field: string) => `${prefix}{${name}}:${field}`;

  return {
    get status() {
      return commands.status;
    },
    get failedCommands() {
      return commands.failedCommands;
    },
    async extendDeadline({ key: name, ttlMs }) {
      return Number(await call(scripts.extendDeadline, [key(name, 'deadline')], Math.ceil(ttlMs)));
    },
    async readDeadline(name) {
      return Number(await call(scripts.readDeadline, [key(name, 'deadline')]));
    },
    async clearDeadline(name) {
      await call(scripts.clearDeadline, [key(name, 'deadline'), key(name, 'failures')]);
    },
    async recordOutcomes(options): Promise<OutcomeTally> {
      const reply = (await call(
        scripts.recordOutcomes,
        [key(options.key, 'deadline'), key(options.key, 'failures')],
        options.failures,
        options.successes,
        Math.ceil(options.windowMs),
        options.threshold,
        Math.ceil(options.openMs),
      )) as [number, number];
      return { failures: Number(reply[0]), openMs: Number(reply[1]) };
    },
    async acquireLease({ key: name, holder, ttlMs }) {
      return Number(await call(scripts.acquireLease, [key(name, 'lease')], holder, Math.ceil(ttlMs))) === 1;
    },
    async releaseLease({ key: name, holder }) {
      await call(scripts.releaseLease, [key(name, 'lease')], holder);
    },
    async takeRate({ key: name, buckets, maxWaitMs }) {
      const values: Array<string | number> = [Math.max(0, Math.floor(maxWaitMs))];
      for (const bucket of buckets) values.push(bucket.intervalMs, bucket.burst, bucket.cost, bucket.carry);
      const reply = (await call(
        scripts.takeRate,
        buckets.map((bucket) => key(name, bucket.name)),
        ...values,
      )) as number[];
      return {
        allowed: Number(reply[0]) === 1,
        waitMs: Number(reply[1]),
        remaining: reply.slice(2).map(Number),
      };
    },
    async publish(topic, message) {
      await commands.bounded(() => connection.publish(`${prefix}${topic}`, message));
    },
    async subscribe(topic, listener) {
      // Not bounded by the command timeout: connecting the subscriber may take longer, and it is never on
      // a request's path.
      return connection.subscribe(`${prefix}${topic}`, listener);
    },
    close: () => connection.close(),
  };
}
