import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { memoryStateStore } from '../state/memory-state-store.js';
import type { StateStore } from '../state/state-store.js';
import { MockProvider } from '../testing/mock-provider.js';
import { type MockStep, mockStep } from '../testing/mock-steps.js';
import { type CircuitBreakerOptions, circuitBreaker } from './circuit-breaker.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Replicas of one service, each with its own provider client and breaker, sharing `store`. */
function fleet(options: {
  size: number;
  store: StateStore;
  step: (index: number) => MockStep;
  breaker?: CircuitBreakerOptions;
}) {
  return Array.from({ length: options.size }, () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      fallback: (_request, index) => options.step(index),
    });
    const backup = new MockProvider({ name: 'backup', models: ['b'] });
    const breaker = circuitBreaker({
      failureThreshold: 3,
      cooldownMs: 10_000,
      store: options.store,
      ...options.breaker,
    });
    const router = createRouter({
      providers: { primary, backup },
      fallbacks: ['backup'],
      middleware: [breaker],
    });
    return { primary, breaker, router };
  });
}

const failing = () => mockStep.error({ status: 503 });

describe('circuitBreaker with a shared store', () => {
  it("stops every replica calling a provider once one replica's breaker opens", async () => {
    const replicas = fleet({ size: 4, store: memoryStateStore(), step: failing });
    const [first, ...others] = replicas;
    // Every replica has used the breaker once, so it follows the fleet.
    for (const replica of others) await replica.router.complete({ model: 'm', messages });
    for (let index = 0; index < 3; index++) await first!.router.complete({ model: 'm', messages });
    expect(first!.breaker.state({ provider: 'primary' })).toBe('open');
    await vi.advanceTimersByTimeAsync(0);

    for (const replica of others) {
      expect(replica.breaker.state({ provider: 'primary' })).toBe('open');
      const response = await replica.router.complete({ model: 'm', messages });
      expect(response.provider).toBe('backup');
      expect(response.trail[0]).toMatchObject({ outcome: 'skipped', errorKind: 'circuit_open' });
      expect(replica.primary.calls).toHaveLength(1);
    }
  });

  it('opens everywhere on the fleet count when each replica sees fewer failures than its threshold', async () => {
    const replicas = fleet({ size: 3, store: memoryStateStore(), step: failing });
    for (const replica of replicas) await replica.router.complete({ model: 'm', messages });
    for (const replica of replicas) expect(replica.breaker.state({ provider: 'primary' })).toBe('closed');
    await vi.advanceTimersByTimeAsync(300);
    for (const replica of replicas) expect(replica.breaker.state({ provider: 'primary' })).toBe('open');
  });

  it('a success between batches restarts the fleet count', async () => {
    let served = 0;
    const replicas = fleet({
      size: 2,
      store: memoryStateStore(),
      step: () => (served++ === 2 ? mockStep.reply('ok') : failing()),
    });
    const [first, second] = replicas;
    await first!.router.complete({ model: 'm', messages });
    await second!.router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(300);
    await first!.router.complete({ model: 'm', messages }); // the success
    await second!.router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(300);
    expect(first!.breaker.state({ provider: 'primary' })).toBe('closed');
    expect(second!.breaker.state({ provider: 'primary' })).toBe('closed');
  });

  it('sends exactly one half-open probe across the fleet, and its success closes every replica', async () => {
    let probing = false;
    const replicas = fleet({
      size: 4,
      store: memoryStateStore(),
      step: () => (probing ? mockStep.reply('probe ok', { delayMs: 100 }) : failing()),
    });
    for (const replica of replicas) await replica.router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(300);
    expect(replicas.every((replica) => replica.breaker.state({ provider: 'primary' }) === 'open')).toBe(true);

    probing = true;
    await vi.advanceTimersByTimeAsync(10_000);
    const calls = replicas.flatMap((replica) =>
      Array.from({ length: 25 }, () => replica.router.complete({ model: 'm', messages })),
    );
    await vi.advanceTimersByTimeAsync(200);
    const responses = await Promise.all(calls);
    const probes = replicas.reduce((sum, replica) => sum + replica.primary.calls.length - 1, 0);
    expect(probes).toBe(1);
    expect(responses.filter((response) => response.provider === 'primary')).toHaveLength(1);
    for (const replica of replicas) expect(replica.breaker.state({ provider: 'primary' })).toBe('closed');
  });

  it('holds the provider open fleet-wide for the Retry-After of a 429', async () => {
    const replicas = fleet({
      size: 2,
      store: memoryStateStore(),
      step: () => mockStep.error({ status: 429, retryAfterMs: 5_000 }),
    });
    const [first, second] = replicas;
    await second!.router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(5_000);
    await first!.router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(0);
    expect(second!.breaker.state({ provider: 'primary' })).toBe('open');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(second!.breaker.state({ provider: 'primary' })).toBe('half-open');
  });

  it('runs on local state alone when every store command fails, and no call fails because of it', async () => {
    const down = new Error('store down');
    const broken: StateStore = {
      status: 'degraded',
      extendDeadline: () => Promise.reject(down),
      readDeadline: () => Promise.reject(down),
      clearDeadline: () => Promise.reject(down),
      recordOutcomes: () => Promise.reject(down),
      acquireLease: () => Promise.reject(down),
      releaseLease: () => Promise.reject(down),
      takeRate: () => Promise.reject(down),
      publish: () => Promise.reject(down),
      subscribe: () => Promise.reject(down),
    };
    let healthy = false;
    const [replica] = fleet({
      size: 1,
      store: broken,
      step: () => (healthy ? mockStep.reply('ok') : failing()),
    });
    for (let index = 0; index < 3; index++) {
      const response = await replica!.router.complete({ model: 'm', messages });
      expect(response.provider).toBe('backup');
    }
    expect(replica!.breaker.state({ provider: 'primary' })).toBe('open');
    healthy = true;
    await vi.advanceTimersByTimeAsync(10_000);
    const response = await replica!.router.complete({ model: 'm', messages });
    expect(response.provider).toBe('primary');
    expect(replica!.breaker.state({ provider: 'primary' })).toBe('closed');
    await replica!.breaker.stop();
  });
});
