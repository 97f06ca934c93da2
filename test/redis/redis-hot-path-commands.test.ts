import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circuitBreaker, createRouter, rateLimit, retry, timeout } from '../../src/index.js';
import { openai } from '../../src/providers/index.js';
import { createRedisStateStore } from '../../src/redis/index.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/fake-server/index.js';
import {
  hasRedisServer,
  type RedisServer,
  redisSkipReason,
  startRedisServer,
} from '../helpers/redis-server.js';

if (!hasRedisServer) console.warn(redisSkipReason);

type Client = ReturnType<typeof createClient>;

/** Commands Redis has run, by name, from INFO commandstats (the INFO calls themselves left out). */
async function commandCounts(admin: Client): Promise<Map<string, number>> {
  const text = await admin.info('commandstats');
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') counts.set(match[1]!, Number(match[2]));
  }
  return counts;
}

function delta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [name, calls] of after) {
    const difference = calls - (before.get(name) ?? 0);
    if (difference > 0) changed[name] = difference;
  }
  return changed;
}

// What a healthy provider's calls cost in Redis commands, counted by the real server (INFO commandstats).
// The background sync and the failure batches run on timers set past the test, so every command counted
// is one a call made.
describe.skipIf(!hasRedisServer)('Redis commands on the request path (real redis-server)', () => {
  let redis: RedisServer;
  let provider: FakeProviderServer;
  const clients: Client[] = [];
  const calls = 200;

  async function connect(): Promise<Client> {
    const client = createClient({ url: redis.url, disableOfflineQueue: true });
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return client;
  }

  async function routerWith(options: { limits: boolean; leaseMs?: number }) {
    const store = createRedisStateStore({
      client: await connect(),
      prefix: 'hot:',
      commandTimeoutMs: 1_000,
      log: false,
    });
    const breaker = circuitBreaker({
      failureThreshold: 5,
      cooldownMs: 30_000,
      store,
      sharing: { syncIntervalMs: 600_000, flushIntervalMs: 600_000 },
    });
    const middleware = [retry({ attempts: 2, baseDelayMs: 1 })];
    if (options.limits) {
      middleware.push(
        rateLimit({
          requestsPerMinute: 1_000_000,
          onLimit: 'fallback',
          scope: 'provider',
          store,
          leaseMs: options.leaseMs,
        }),
      );
    }
    middleware.push(breaker, timeout({ totalMs: 5_000 }));
    const router = createRouter({
      providers: {
        primary: openai({
          apiKey: 'primary-key-0123456789',
          baseURL: provider.upstream('primary').baseURL('openai'),
          name: 'primary',
          models: ['m'],
        }),
      },
      middleware,
    });
    return { router, stop: () => Promise.all([breaker.stop(), store.close()]) };
  }

  async function run(router: ReturnType<typeof createRouter>) {
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
    for (let index = 0; index < calls; index++) await router.complete(request);
  }

  beforeAll(async () => {
    [redis, provider] = await Promise.all([
      startRedisServer(),
      startFakeProviderServer({ recordRequests: false }),
    ]);
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([redis?.stop(), provider?.close()]);
  });

  it('the shared breaker sends no command while the provider is healthy', async () => {
    const admin = await connect();
    const { router, stop } = await routerWith({ limits: false });
    await run(router); // warm: the subscriber is connected, every lazy start has happened
    const before = await commandCounts(admin);
    await run(router);
    const after = await commandCounts(admin);
    await stop();
    expect(delta(before, after)).toEqual({});
  });

  it('a shared rate limit costs exactly one round trip (EVALSHA) per call', async () => {
    const admin = await connect();
    const { router, stop } = await routerWith({ limits: true });
    await run(router);
    const before = await commandCounts(admin);
    await run(router);
    const after = await commandCounts(admin);
    await stop();
    // commandstats also counts what the script runs inside Redis (TIME, GET, SET): no round trips.
    const { evalsha, ...inside } = delta(before, after);
    expect(evalsha).toBe(calls);
    expect(Object.keys(inside).sort()).toEqual(['get', 'set', 'time']);
  });

  it('a shared rate limit with leases sends no command on the request path while the provider is healthy', async () => {
    const admin = await connect();
    // A 1,000 ms lease at 1,000,000 RPM: 16,666 slots per lease, more than both runs spend.
    const { router, stop } = await routerWith({ limits: true, leaseMs: 1_000 });
    await run(router);
    const before = await commandCounts(admin);
    await run(router);
    const after = await commandCounts(admin);
    await stop();
    expect(delta(before, after)).toEqual({});
  });
});
