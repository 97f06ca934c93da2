import { createClient } from 'redis';
import type { Middleware, Router } from '../../../src/index.js';
import type * as Redis from '../../../src/redis/index.js';
import { runFromSource } from '../../lib/llmrouter-build.js';
import { llmrouter } from '../../lib/llmrouter-dist.js';
import type { ContenderFactory, ContenderTargets } from '../contender.js';
import { routerRequest } from './adapter.js';
import { benchProviders } from './router.js';

// `llmrouter/redis` as built, like the other llmrouter contenders (or its source for CPU profiles).
const entry = runFromSource() ? '../../../src/redis/index.ts' : '../../../dist/redis/index.js';
const { createRedisStateStore } = (await import(new URL(entry, import.meta.url).href)) as typeof Redis;

/**
 * A limit far above what one process can send, so the limiter decides every call without ever refusing
 * one: the run measures what the shared decision costs, not a throttled upstream. The burst lets 32
 * calls that arrive in the same microsecond through.
 */
const unreachable = {
  requestsPerMinute: 600_000_000,
  tokensPerMinute: 600_000_000_000,
  requestBurst: 10_000,
};

async function redisRouter(targets: ContenderTargets, options: { limits: boolean }): Promise<Router> {
  const { circuitBreaker, createRouter, rateLimit, retry, timeout } = llmrouter;
  if (targets.redisURL === undefined) throw new Error('the Redis contenders need a redisURL');
  // As the store's documentation asks: no offline queue, so an outage fails commands fast.
  const client = createClient({ url: targets.redisURL, disableOfflineQueue: true });
  client.on('error', () => {});
  await client.connect();
  const store = createRedisStateStore({ client, prefix: 'bench:' });
  const middleware: Middleware[] = [retry({ attempts: 3, baseDelayMs: 1_000 })];
  if (options.limits) {
    // Leases of the fleet's budget: decided by Redis a lease at a time, spent from memory per call.
    middleware.push(rateLimit({ ...unreachable, onLimit: 'wait', scope: 'provider', store, leaseMs: 1_000 }));
  }
  // Default sharing: failure batches every 250 ms (only when there are failures) and the jittered
  // deadline sync about once a second, the background the bench counts apart from the request path.
  middleware.push(circuitBreaker({ failureThreshold: 5, cooldownMs: 30_000, store }));
  middleware.push(timeout({ totalMs: 30_000 }));
  return createRouter({
    providers: benchProviders(targets),
    modelMap: { [routerRequest.model]: 'primary' },
    fallbacks: ['fallback'],
    middleware,
  });
}

/**
 * The `router` contender's configuration with its state on Redis (`llmrouter/redis`): the circuit
 * breaker shared through the store, and a shared rate limit (requests and tokens per minute, taken in
 * leases of a second) on the primary, the limit set too high to refuse a call.
 */
export const routerRedis: ContenderFactory = async (targets) => {
  const instance = await redisRouter(targets, { limits: true });
  return async () => (await instance.complete(routerRequest)).text;
};

/** The same with the shared circuit breaker alone: what the breaker's sharing costs a healthy provider. */
export const routerRedisBreaker: ContenderFactory = async (targets) => {
  const instance = await redisRouter(targets, { limits: false });
  return async () => (await instance.complete(routerRequest)).text;
};
