import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, responseCache } from '../../src/index.js';
import { openai } from '../../src/providers/index.js';
import { createRedisResponseCacheStore } from '../../src/redis/index.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/fake-server/index.js';
import type { CompletionRequest } from '../../src/types/index.js';
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

const request: CompletionRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
  temperature: 0,
};

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}

describe.skipIf(!hasRedisServer)('response cache on Redis (real redis-server)', () => {
  let redis: RedisServer;
  let provider: FakeProviderServer;
  const clients: Client[] = [];

  const connect = () => connectRedisClient(redis.url, clients);

  /** One router of its own (its own client, store and cache), as another replica would have. */
  async function replica(prefix: string) {
    const store = createRedisResponseCacheStore({ client: await connect(), prefix, commandTimeoutMs: 1_000 });
    const cache = responseCache({ ttlMs: 60_000, store });
    const upstream = openai({
      apiKey: 'primary-key-0123456789',
      baseURL: provider.upstream('primary').baseURL('openai'),
      name: 'primary',
      models: ['m'],
    });
    return { store, cache, router: createRouter({ providers: { primary: upstream }, middleware: [cache] }) };
  }

  beforeAll(async () => {
    [redis, provider] = await Promise.all([startRedisServer(), startFakeProviderServer()]);
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([redis?.stop(), provider?.close()]);
  });
  beforeEach(() => {
    provider.upstream('primary').reset();
  });

  it('serves one router from what another stored, under <prefix>cache:<sha256> with the TTL', async () => {
    const [one, two] = [await replica('c1:'), await replica('c1:')];
    const first = await one.router.complete(request);
    await until(() => one.cache.stats().stores === 1);
    const second = await two.router.complete(request);
    expect(provider.upstream('primary').requests).toHaveLength(1);
    expect(second.cached).toBe(true);
    expect(second.text).toBe(first.text);
    const keys = await clients[0]!.keys('c1:*');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^c1:cache:[0-9a-f]{64}$/);
    const ttl = await clients[0]!.pTTL(keys[0]!);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('takes Redis killed as a miss: the call still succeeds from the provider', async () => {
    const shared = await replica('c2:');
    await shared.router.complete(request);
    await until(() => shared.cache.stats().stores === 1);
    expect((await shared.router.complete(request)).cached).toBe(true);
    await redis.kill();
    try {
      const response = await shared.router.complete(request);
      expect(response.cached).toBeUndefined();
      expect(response.text.length).toBeGreaterThan(0);
      expect(provider.upstream('primary').requests).toHaveLength(2);
      expect(shared.store.status).toBe('degraded');
      expect(shared.cache.stats()).toMatchObject({ hits: 1, misses: 2 });
    } finally {
      await redis.start();
    }
  });
});
