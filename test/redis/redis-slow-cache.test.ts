import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, responseCache } from '../../src/index.js';
import { openai } from '../../src/providers/index.js';
import { createRedisResponseCacheStore } from '../../src/redis/index.js';
import type { StateStoreStatus } from '../../src/state/state-store.js';
import {
  type FakeProviderServer,
  faults,
  startFakeProviderServer,
} from '../../src/testing/fake-server/index.js';
import {
  connectRedisClient,
  hasRedisServer,
  type RedisServer,
  redisSkipReason,
  startRedisServer,
  type TestRedisClient,
} from '../helpers/redis-server.js';

if (!hasRedisServer) console.warn(redisSkipReason);

type Client = TestRedisClient;

// A real redis-server made slow: another connection pauses every client (CLIENT PAUSE ... ALL), so the
// cache's lookups hang on the server, not in a stub. The call must answer within the command timeout
// plus the upstream's own time, and the store must say it is degraded.
describe.skipIf(!hasRedisServer)('response cache on a slow Redis (real redis-server)', () => {
  let redis: RedisServer;
  let provider: FakeProviderServer;
  const clients: Client[] = [];

  const connect = () => connectRedisClient(redis.url, clients);

  beforeAll(async () => {
    [redis, provider] = await Promise.all([startRedisServer(), startFakeProviderServer()]);
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([redis?.stop(), provider?.close()]);
  });

  it('a lookup stuck on Redis times out at commandTimeoutMs: the call answers from the provider, degraded is reported', async () => {
    const commandTimeoutMs = 50;
    const upstreamMs = 100;
    const statuses: StateStoreStatus[] = [];
    const store = createRedisResponseCacheStore({
      client: await connect(),
      prefix: 'slow:',
      commandTimeoutMs,
      onStatusChange: (status) => statuses.push(status),
    });
    const cache = responseCache({ ttlMs: 60_000, store });
    const upstream = provider.upstream('primary');
    const router = createRouter({
      providers: {
        primary: openai({
          apiKey: 'primary-key-0123456789',
          baseURL: upstream.baseURL('openai'),
          name: 'primary',
          models: ['m'],
        }),
      },
      middleware: [cache],
    });
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'slow redis?' }] };
    // Warm: the script is loaded and the connection is up, so the timed call measures only the pause.
    upstream.enqueue(faults.reply({ text: 'warm' }));
    await router.complete({ ...request, temperature: 0.5 });
    expect(store.status).toBe('connected');

    const admin = await connect();
    await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
    try {
      upstream.enqueue(faults.reply({ text: 'fresh', delayMs: upstreamMs }));
      const startedAt = performance.now();
      const response = await router.complete(request);
      const elapsed = performance.now() - startedAt;

      expect(response.text).toBe('fresh');
      expect(response.cached).toBeUndefined();
      expect(elapsed).toBeGreaterThanOrEqual(commandTimeoutMs + upstreamMs - 5);
      // Within the command timeout plus the upstream time, with room for a shared machine; far from 1.5 s.
      expect(elapsed).toBeLessThan(commandTimeoutMs + upstreamMs + 250);
      expect(store.status).toBe('degraded');
      expect(store.failedCommands).toBeGreaterThanOrEqual(1);
      expect(statuses).toEqual(['degraded']);
      expect(cache.stats()).toMatchObject({ hits: 0, misses: 2 });
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
    }
  });
});
