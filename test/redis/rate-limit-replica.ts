// One replica of a service, run as its own process by rate-limit-fleet.test.ts: a router whose rate limit
// is shared through Redis, sending calls as fast as `CONCURRENCY` loops allow for `DURATION_MS`; calls the
// limit refuses fall back to a local mock. Prints what it saw as one JSON line.
import { createClient } from 'redis';
import { rateLimit } from '../../src/middleware/rate-limit.js';
import { openai } from '../../src/providers/openai/openai-provider.js';
import { createRedisStateStore } from '../../src/redis/index.js';
import { createRouter } from '../../src/router/create-router.js';
import { MockProvider } from '../../src/testing/mock-provider.js';
import { mockStep } from '../../src/testing/mock-steps.js';

const environment = process.env;
const durationMs = Number(environment.DURATION_MS ?? 6_000);
const concurrency = Number(environment.CONCURRENCY ?? 4);

const client = createClient({ url: environment.REDIS_URL, socket: { connectTimeout: 500 } });
client.on('error', () => {});
await client.connect();
const store = createRedisStateStore({
  client,
  prefix: environment.PREFIX ?? 'limits:',
  commandTimeoutMs: 200,
  log: false,
});
const limits = rateLimit({
  requestsPerMinute: Number(environment.RPM ?? 600),
  onLimit: 'fallback',
  scope: 'provider',
  providers: ['openai'],
  store,
  replicas: 4,
  leaseMs: Number(environment.LEASE_MS ?? 0),
});
const primary = openai({ apiKey: 'sk-test', baseURL: environment.PROVIDER_URL, models: ['m'] });
const backup = new MockProvider({
  name: 'backup',
  models: ['b'],
  fallback: mockStep.reply('backup', { delayMs: 5 }),
});
const router = createRouter({
  providers: { openai: primary, backup },
  fallbacks: ['backup'],
  middleware: [limits],
});

// Loads everything (and the script) before the clock starts.
await router.complete({ model: 'b', messages: [{ role: 'user', content: 'warm up' }] });
await limits.remaining({ provider: 'openai' });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const result = {
  calls: 0,
  failed: 0,
  primary: 0,
  backup: 0,
  errors: [] as string[],
  degraded: store.failedCommands,
};
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
result.degraded = store.failedCommands - result.degraded;
await store.close();
client.destroy();
process.stdout.write(`${JSON.stringify(result)}\n`);
