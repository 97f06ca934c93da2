import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRouter } from '../../src/config/build-router.js';
import { ConfigFileError } from '../../src/config/config-issue.js';
import { loadRouter, stopSharedState } from '../../src/config/load-router.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { createRedisStateStore } from '../../src/redis/index.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/fake-server/index.js';
import {
  connectRedisClient,
  hasRedisServer,
  type RedisServer,
  redisSkipReason,
  startRedisServer,
  type TestRedisClient,
} from '../helpers/redis-server.js';

if (!hasRedisServer) console.warn(redisSkipReason);

const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

describe.skipIf(!hasRedisServer)('the redis section of the configuration (real redis-server)', () => {
  let redis: RedisServer;
  let fake: FakeProviderServer;
  const clients: TestRedisClient[] = [];
  beforeAll(async () => {
    [redis, fake] = await Promise.all([startRedisServer(), startFakeProviderServer()]);
  });
  const built: Array<{ breaker?: { stop(): Promise<void> } }> = [];
  afterEach(async () => {
    for (const router of built.splice(0)) await router.breaker?.stop();
    await stopSharedState();
    fake.upstream('primary').reset();
    fake.upstream('backup').reset();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([redis?.stop(), fake?.close()]);
  });

  const yaml = (prefix: string, extra = '') =>
    parseConfig(`
providers:
  primary: { type: openai, apiKey: sk-a, baseURL: ${fake.upstream('primary').baseURL('openai')}, models: [gpt-4o-mini] }
  backup: { type: openai, apiKey: sk-b, baseURL: ${fake.upstream('backup').baseURL('openai')}, models: [gpt-4o-mini] }
modelMap: { gpt-4o-mini: primary }
fallbacks: [backup]
circuitBreaker: { failureThreshold: 2, cooldownMs: 60000 }
redis: { url: '\${REDIS_URL}', prefix: '${prefix}', commandTimeoutMs: 500 }
${extra}
`);
  const quiet = { info() {}, error() {}, warn() {} };
  const load = async (prefix: string, extra?: string) => {
    const router = await loadRouter(yaml(prefix, extra), {
      env: { REDIS_URL: redis.url },
      callLogTarget: quiet,
    });
    built.push(router);
    return router;
  };

  it('shares the breaker through Redis: a process loaded later starts with the provider already open', async () => {
    fake.upstream('primary').setDefault({ type: 'status', status: 503 });
    const first = await load('shared-breaker:');
    for (let call = 0; call < 2; call++)
      expect((await first.router.complete(request)).provider).toBe('backup');
    expect(first.breaker!.state({ provider: 'primary' })).toBe('open');
    // What another replica reads from Redis: the open deadline, under the configured prefix.
    const reader = createRedisStateStore({
      client: await connectRedisClient(redis.url, clients),
      prefix: 'shared-breaker:',
      log: false,
    });
    expect(await reader.readDeadline('breaker:primary:*')).toBeGreaterThan(50_000);
    await reader.close();

    // A new connection and a new breaker, as a second replica would have.
    await first.breaker!.stop();
    await stopSharedState();
    const second = await load('shared-breaker:');
    const before = fake.upstream('primary').requests.length;
    await second.router.complete(request);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await second.router.complete(request);
    expect(response.trail[0]).toMatchObject({
      provider: 'primary',
      outcome: 'skipped',
      errorKind: 'circuit_open',
    });
    expect(second.breaker!.state({ provider: 'primary' })).toBe('open');
    // At most the first call, made before the breaker had read the fleet's state, reached the primary.
    expect(fake.upstream('primary').requests.length - before).toBeLessThanOrEqual(1);
  });

  it('puts the rate limits and the cache on the same Redis, keys under the prefix', async () => {
    const { router } = await load(
      'shared-limits:',
      `rateLimits: [{ requestsPerMinute: 600000, onLimit: fallback, leaseMs: 1000 }]
cache: { ttlMs: 60000 }`,
    );
    const answered = await router.complete(request);
    // The answer is written to Redis after the call returns.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cached = await router.complete(request);
    expect(cached.cached).toBe(true);
    expect(cached.text).toBe(answered.text);
    expect(fake.upstream('primary').requests).toHaveLength(1);
    const client = await connectRedisClient(redis.url, clients);
    const keys = (await client.keys('shared-limits:*')).sort();
    expect(keys.some((key) => key.startsWith('shared-limits:{ratelimit:primary:*}'))).toBe(true);
    expect(keys.some((key) => key.startsWith('shared-limits:cache:'))).toBe(true);
  });

  it('starts and serves on local state while Redis is unreachable', async () => {
    const warnings: string[] = [];
    const config = yaml('down:');
    const loaded = await loadRouter(config, {
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
      callLogTarget: { info() {}, error() {}, warn: (_line, message) => warnings.push(String(message)) },
    });
    built.push(loaded);
    const { router } = loaded;
    const response = await router.complete(request);
    expect(response.provider).toBe('primary');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(warnings.join('\n')).toMatch(/unreachable/);
  });

  it('is refused by buildRouter, which cannot connect, with a message that says to use loadRouter', () => {
    expect(() => buildRouter(yaml('sync:'), { env: { REDIS_URL: redis.url } })).toThrow(ConfigFileError);
    expect(() => buildRouter(yaml('sync:'), { env: { REDIS_URL: redis.url } })).toThrow(
      /redis: needs loadRouter/,
    );
  });
});
