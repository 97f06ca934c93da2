// One replica of a service, run as its own process by fleet.test.ts: a router whose breaker shares its state
// through Redis, sending calls as fast as `CONCURRENCY` loops allow for `DURATION_MS`, then printing what it
// saw as one JSON line.
import { createClient } from 'redis';
import { circuitBreaker } from '../../src/middleware/circuit-breaker.js';
import { openai } from '../../src/providers/openai/openai-provider.js';
import { createRedisStateStore } from '../../src/redis/index.js';
import { createRouter } from '../../src/router/create-router.js';
import type { StateStoreStatus } from '../../src/state/state-store.js';
import { MockProvider } from '../../src/testing/mock-provider.js';
import { mockStep } from '../../src/testing/mock-steps.js';

const environment = process.env;
const replica = environment.REPLICA ?? '0';
const durationMs = Number(environment.DURATION_MS ?? 5_000);
const concurrency = Number(environment.CONCURRENCY ?? 4);

const client = createClient({
  url: environment.REDIS_URL,
  disableOfflineQueue: true,
  socket: { reconnectStrategy: 50, connectTimeout: 500 },
});
client.on('error', () => {});
await client.connect();

const statuses: StateStoreStatus[] = [];
const store = createRedisStateStore({
  client,
  prefix: environment.PREFIX ?? 'fleet:',
  commandTimeoutMs: 200,
  onStatusChange: (status) => statuses.push(status),
  log: false,
});
const transitions: Array<{ to: string; at: number }> = [];
const breaker = circuitBreaker({
  failureThreshold: 3,
  cooldownMs: Number(environment.COOLDOWN_MS ?? 2_000),
  store,
  sharing: { syncIntervalMs: 500, flushIntervalMs: 100 },
  onStateChange: (event) => transitions.push({ to: event.to, at: Date.now() }),
});
const primary = openai({
  apiKey: 'sk-test',
  baseURL: environment.PROVIDER_URL,
  headers: { 'x-replica': replica },
  models: ['m'],
});
const backup = new MockProvider({
  name: 'backup',
  models: ['b'],
  fallback: mockStep.reply('backup', { delayMs: 10 }),
});
const router = createRouter({
  providers: { openai: primary, backup },
  fallbacks: ['backup'],
  middleware: [breaker],
});

// A first call loads and connects everything, so the run measures routing, not start-up.
await router.complete({ model: 'b', messages: [{ role: 'user', content: 'warm up' }] });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const result = { replica, calls: 0, failed: 0, primary: 0, backup: 0, errors: [] as string[] };
const end = Date.now() + durationMs;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      result.calls++;
      try {
        const response = await router.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
        if (response.provider === 'openai') result.primary++;
        else result.backup++;
      } catch (error) {
        result.failed++;
        if (result.errors.length < 3) result.errors.push(String(error));
      }
    }
  }),
);
await breaker.stop();
await store.close();
client.destroy();
process.stdout.write(`${JSON.stringify({ ...result, statuses, transitions })}\n`);
