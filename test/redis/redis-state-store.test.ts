import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStateStore, fromNodeRedis } from '../../src/redis/index.js';
import type { StateStoreStatus } from '../../src/state/state-store.js';
import {
  hasRedisServer,
  type RedisServer,
  redisSkipReason,
  startRedisServer,
} from '../helpers/redis-server.js';

if (!hasRedisServer) console.warn(redisSkipReason);

type Client = ReturnType<typeof createClient>;

describe.skipIf(!hasRedisServer)('Redis state store (real redis-server)', () => {
  let server: RedisServer;
  let client: Client;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createClient({ url: server.url, disableOfflineQueue: true, socket: { reconnectStrategy: 50 } });
    client.on('error', () => {});
    await client.connect();
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  const store = (prefix: string) =>
    createRedisStateStore({ client, prefix, commandTimeoutMs: 1_000, log: false });

  it('only ever extends a deadline, kept as a TTL under a prefixed hash-tagged key', async () => {
    const shared = store('t1:');
    expect(await shared.extendDeadline({ key: 'breaker:openai:*', ttlMs: 5_000 })).toBe(5_000);
    const kept = await shared.extendDeadline({ key: 'breaker:openai:*', ttlMs: 1_000 });
    expect(kept).toBeGreaterThan(4_000);
    expect(await client.keys('t1:*')).toEqual(['t1:{breaker:openai:*}:deadline']);
    const ttl = await client.pTTL('t1:{breaker:openai:*}:deadline');
    expect(ttl).toBeGreaterThan(4_000);
    expect(await shared.readDeadline('breaker:openai:*')).toBeGreaterThan(4_000);
    await shared.clearDeadline('breaker:openai:*');
    expect(await shared.readDeadline('breaker:openai:*')).toBe(0);
  });

  it('counts failures across replicas, restarts on a success, and opens at the threshold', async () => {
    const [one, two] = [store('t2:'), store('t2:')];
    const batch = { key: 'b', windowMs: 10_000, threshold: 5, openMs: 3_000 };
    expect(await one.recordOutcomes({ ...batch, failures: 2, successes: 0 })).toEqual({
      failures: 2,
      openMs: 0,
    });
    expect(await two.recordOutcomes({ ...batch, failures: 1, successes: 1 })).toEqual({
      failures: 1,
      openMs: 0,
    });
    expect(await one.recordOutcomes({ ...batch, failures: 3, successes: 0 })).toEqual({
      failures: 4,
      openMs: 0,
    });
    const opened = await two.recordOutcomes({ ...batch, failures: 1, successes: 0 });
    expect(opened).toEqual({ failures: 5, openMs: 3_000 });
    expect(await one.readDeadline('b')).toBeGreaterThan(2_000);
  });

  it('gives the probe lease to one holder at a time, and only the holder gives it back', async () => {
    const shared = store('t3:');
    const holders = await Promise.all(
      ['a', 'b', 'c', 'd'].map((holder) => shared.acquireLease({ key: 'b', holder, ttlMs: 5_000 })),
    );
    expect(holders.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd'][holders.indexOf(true)]!;
    await shared.releaseLease({ key: 'b', holder: winner === 'a' ? 'b' : 'a' });
    expect(await shared.acquireLease({ key: 'b', holder: 'z', ttlMs: 5_000 })).toBe(false);
    await shared.releaseLease({ key: 'b', holder: winner });
    expect(await shared.acquireLease({ key: 'b', holder: 'z', ttlMs: 5_000 })).toBe(true);
  });

  it('loads a script again when Redis has forgotten it (NOSCRIPT), then calls it by SHA', async () => {
    const shared = store('t4:');
    await shared.extendDeadline({ key: 'x', ttlMs: 1_000 });
    await client.scriptFlush();
    expect(await shared.readDeadline('x')).toBeGreaterThan(0);
  });

  it('delivers published messages to another store on the same prefix only', async () => {
    const [publisher, listener, stranger] = [store('t5:'), store('t5:'), store('other:')];
    const heard: string[] = [];
    const strangerHeard: string[] = [];
    const stop = await listener.subscribe('breaker', (message) => heard.push(message));
    await stranger.subscribe('breaker', (message) => strangerHeard.push(message));
    await publisher.publish('breaker', 'open');
    await expect.poll(() => heard, { timeout: 2_000 }).toEqual(['open']);
    expect(strangerHeard).toEqual([]);
    await stop();
    await Promise.all([listener.close(), stranger.close()]);
  });

  it('rejects quickly while Redis is down, reports the outage once, and recovers when it returns', async () => {
    const statuses: StateStoreStatus[] = [];
    const lines: string[] = [];
    const watched = createRedisStateStore({
      connection: fromNodeRedis(client),
      prefix: 't6:',
      commandTimeoutMs: 50,
      onStatusChange: (status) => statuses.push(status),
      log: (line) => lines.push(line),
    });
    await server.kill();
    for (let index = 0; index < 3; index++) {
      const started = performance.now();
      await expect(watched.readDeadline('x')).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(500);
    }
    expect(watched.status).toBe('degraded');
    expect(watched.failedCommands).toBe(3);
    await server.start();
    await expect
      .poll(() => watched.readDeadline('x').catch(() => -1), { timeout: 5_000, interval: 100 })
      .toBe(0);
    expect(watched.status).toBe('connected');
    expect(statuses).toEqual(['degraded', 'connected']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('running on local state');
  });
});
