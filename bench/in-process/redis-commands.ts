import { createClient } from 'redis';

/**
 * Commands a Redis script runs inside the server (`redis.call` in `src/redis/redis-scripts.ts`). INFO
 * commandstats counts them too, but they cost no round trip: the EVALSHA that ran them is the one.
 */
const insideScripts = new Set(['del', 'get', 'incrby', 'pexpire', 'pttl', 'set', 'time']);

/** Commands one redis-server ran over an interval, from two INFO commandstats readings. */
export interface RedisCommandCounts {
  /** Commands a client sent (EVALSHA, PUBLISH, SUBSCRIBE, ...): each a round trip. */
  roundTrips: number;
  /** Every command counted, by name, those run inside scripts included. */
  byCommand: Record<string, number>;
}

/** A connection to the bench's redis-server that reads its command counters. */
export interface RedisCommandCounter {
  /** The counters now, by command name (this connection's own INFO left out). */
  read(): Promise<Map<string, number>>;
  close(): void;
}

/** Connects to `url` for INFO commandstats. */
export async function redisCommandCounter(url: string): Promise<RedisCommandCounter> {
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', () => {});
  await client.connect();
  return {
    async read() {
      const text = await client.info('commandstats');
      const counts = new Map<string, number>();
      for (const match of text.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) {
        if (match[1] !== 'info') counts.set(match[1]!, Number(match[2]));
      }
      return counts;
    },
    close: () => client.destroy(),
  };
}

/** What changed between two readings of {@link RedisCommandCounter.read}. */
export function commandDelta(before: Map<string, number>, after: Map<string, number>): RedisCommandCounts {
  const byCommand: Record<string, number> = {};
  let roundTrips = 0;
  for (const [name, calls] of after) {
    const difference = calls - (before.get(name) ?? 0);
    if (difference <= 0) continue;
    byCommand[name] = difference;
    if (!insideScripts.has(name)) roundTrips += difference;
  }
  return { roundTrips, byCommand };
}
