import { type BudgetMiddleware, budget } from '../middleware/budget.js';
import { type CircuitBreakerMiddleware, circuitBreaker } from '../middleware/circuit-breaker.js';
import type { Middleware } from '../middleware/middleware.js';
import { type RateLimitMiddleware, rateLimit } from '../middleware/rate-limit.js';
import { type ResponseCache, responseCache } from '../middleware/response-cache.js';
import { retry } from '../middleware/retry.js';
import { timeout } from '../middleware/timeout.js';
import { createMemoryResponseCacheStore } from '../state/memory-response-cache-store.js';
import type { Pricer } from '../types/cost.js';
import { canonical } from './canonical-json.js';
import type { GatewayConfig } from './config-schema.js';
import type { LoadedPlugin } from './gateway-plugin.js';
import { budgetPeriods } from './router-settings-schema.js';
import type { SharedState } from './shared-state.js';

/**
 * The middleware that remember something (breakers, spend, rate-limit slots, cached answers), each with
 * the settings it was built from, so a later build of the same file can keep what they learnt.
 */
export interface MiddlewareMemory {
  breaker?: Remembered<CircuitBreakerMiddleware>;
  cache?: Remembered<ResponseCache>;
  budgets: readonly Remembered<BudgetMiddleware>[];
  rateLimits: readonly Remembered<RateLimitMiddleware>[];
}

/** A stateful middleware and the canonical JSON of the settings it was built from. */
interface Remembered<Value> {
  settings: string;
  middleware: Value;
}

/** The chain a configuration describes, and what it remembers. */
export interface BuiltMiddleware {
  middleware: Middleware[];
  memory: MiddlewareMemory;
}

/**
 * The middleware of a configuration, first listed outermost: the response cache (a hit skips
 * everything below it), budgets (a refusal must not reach retry or the breaker), retry, rate limits
 * (each retry takes its own slot), the circuit breaker, the timeout (it bounds each attempt and counts
 * against the breaker), then the plugins' middleware, which wraps every attempt just above the adapter.
 *
 * With `previous`, a stateful middleware whose settings did not change is kept rather than rebuilt, so a
 * reload keeps breaker states, the period's spend, rate-limit slots and cached answers. The breakers of
 * the providers in `changedProviders` are reset: their state described a provider that is no more.
 */
export function buildMiddleware(
  config: GatewayConfig,
  options: {
    pricer: Pricer | undefined;
    plugins: readonly LoadedPlugin[];
    previous?: MiddlewareMemory;
    changedProviders: readonly string[];
    /** The `redis` section's stores, when it has one. */
    shared?: SharedState;
  },
): BuiltMiddleware {
  const { previous, shared } = options;
  // A middleware built on other stores is another middleware: the connection counts as a setting.
  const on = shared ? canonical(config.redis) : null;
  const middleware: Middleware[] = [];
  const memory: MiddlewareMemory = { budgets: [], rateLimits: [] };

  if (config.cache) {
    const { maxEntries, maxBytes, ...cacheOptions } = config.cache;
    memory.cache = keep(previous?.cache, { cache: config.cache, on }, () =>
      responseCache({
        ...cacheOptions,
        store: shared?.cache ?? createMemoryResponseCacheStore({ maxEntries, maxBytes }),
      }),
    );
    middleware.push(memory.cache.middleware);
  }
  // A budget prices with the pricing it was built with: a change of prices is a new budget.
  const pricing = JSON.stringify(config.pricing ?? null);
  memory.budgets = (config.budgets ?? []).map((entry, index) =>
    keep(previous?.budgets[index], { entry, pricing }, () =>
      budget({
        limitUsd: entry.limitUsd,
        periodMs: entry.periodMs ?? budgetPeriods[entry.period!],
        scope: entry.scope,
        pricer: options.pricer!,
      }),
    ),
  );
  for (const entry of memory.budgets) middleware.push(entry.middleware);
  if (config.retry) middleware.push(retry(config.retry));
  memory.rateLimits = (config.rateLimits ?? []).map((entry, index) =>
    keep(previous?.rateLimits[index], { entry, on }, () =>
      rateLimit({
        ...entry,
        onLimit: entry.onLimit ?? 'wait',
        scope: entry.scope ?? 'provider',
        store: shared?.state,
        replicas: shared?.replicas,
      }),
    ),
  );
  for (const entry of memory.rateLimits) middleware.push(entry.middleware);
  if (config.circuitBreaker) {
    const settings = { breaker: config.circuitBreaker, on };
    const kept = previous?.breaker?.settings === canonical(settings);
    memory.breaker = keep(previous?.breaker, settings, () =>
      circuitBreaker({ ...config.circuitBreaker, store: shared?.state }),
    );
    // A replaced breaker stops sharing (its background sync with the store); calls still on it go on locally.
    if (previous?.breaker && previous.breaker !== memory.breaker) void previous.breaker.middleware.stop();
    if (kept) for (const provider of options.changedProviders) memory.breaker.middleware.reset(provider);
    middleware.push(memory.breaker.middleware);
  }
  if (config.timeout) middleware.push(timeout(config.timeout));
  for (const plugin of options.plugins) middleware.push(...(plugin.middleware ?? []));
  return { middleware, memory };
}

/** The previous middleware when it was built from the same settings, else a new one. */
function keep<Value>(
  previous: Remembered<Value> | undefined,
  settings: unknown,
  build: () => Value,
): Remembered<Value> {
  const text = canonical(settings);
  if (previous?.settings === text) return previous;
  return { settings: text, middleware: build() };
}
