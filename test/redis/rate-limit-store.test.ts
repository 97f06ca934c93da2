import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStateStore } from '../../src/redis/index.js';
import {
  hasRedisServer,
  type RedisServer,
  redisSkipReason,
  startRedisServer,
} from '../helpers/redis-server.js';

if (!hasRedisServer) console.warn(redisSkipReason);

describe.skipIf(!hasRedisServer)('takeRate on a real redis-server', () => {
  let server: RedisServer;
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    server = await startRedisServer();
    client = createClient({ url: server.url });
    client.on('error', () => {});
    await client.connect();
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  const buckets = (cost: number, tokens = 0) => [
    { name: 'requests', intervalMs: 1_000, burst: 2, cost, carry: 0 },
    { name: 'tokens', intervalMs: 10, burst: 6_000, cost: tokens, carry: 0 },
  ];

  it('decides by GCRA on Redis TIME under hash-tagged keys, called by SHA, shared by two stores', async () => {
    const one = createRedisStateStore({ client, prefix: 'r1:', commandTimeoutMs: 1_000, log: false });
    const two = createRedisStateStore({ client, prefix: 'r1:', commandTimeoutMs: 1_000, log: false });
    const key = 'ratelimit:openai:*';
    expect(await one.takeRate({ key, buckets: buckets(1, 100), maxWaitMs: 0 })).toEqual({
      allowed: true,
      waitMs: 0,
      remaining: [1, 5_900],
    });
    expect((await two.takeRate({ key, buckets: buckets(1), maxWaitMs: 0 })).allowed).toBe(true);
    const refused = await one.takeRate({ key, buckets: buckets(1), maxWaitMs: 0 });
    expect(refused.allowed).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(900);
    expect(refused.waitMs).toBeLessThanOrEqual(1_000);
    // A wait within maxWaitMs reserves the slot: the next caller waits behind it.
    const reserved = await two.takeRate({ key, buckets: buckets(1), maxWaitMs: 5_000 });
    expect(reserved.allowed).toBe(true);
    expect((await one.takeRate({ key, buckets: buckets(1), maxWaitMs: 0 })).waitMs).toBeGreaterThan(1_900);
    expect((await client.keys('r1:*')).sort()).toEqual([
      'r1:{ratelimit:openai:*}:requests',
      'r1:{ratelimit:openai:*}:tokens',
    ]);
    // The stored arrival time is on Redis's clock (TIME), and the key expires when the bucket is full.
    const [seconds, micros] = ((await client.sendCommand(['TIME'])) as string[]).map(Number) as [
      number,
      number,
    ];
    const redisNow = seconds * 1_000 + micros / 1_000;
    const arrival = Number(await client.get('r1:{ratelimit:openai:*}:requests'));
    expect(Math.abs(arrival - (redisNow + 3_000))).toBeLessThan(1_500);
    expect(await client.pTTL('r1:{ratelimit:openai:*}:requests')).toBeGreaterThan(1_500);
    // A carry gives units back; a zero-cost read writes nothing.
    await one.takeRate({ key, buckets: [{ ...buckets(0)[1]!, carry: -100 }], maxWaitMs: 0 });
    expect(await client.exists('r1:{ratelimit:openai:*}:tokens')).toBe(0);
  });

  it('loads the script again after SCRIPT FLUSH (NOSCRIPT), without failing the decision', async () => {
    const store = createRedisStateStore({ client, prefix: 'r2:', commandTimeoutMs: 1_000, log: false });
    await client.sendCommand(['SCRIPT', 'FLUSH']);
    expect((await store.takeRate({ key: 'k', buckets: buckets(1), maxWaitMs: 0 })).allowed).toBe(true);
    expect(store.failedCommands).toBe(0);
  });
});
