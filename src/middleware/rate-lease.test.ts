import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { memoryStateStore } from '../state/memory-state-store.js';
import type { StateStore } from '../state/state-store.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import { rateLimit } from './rate-limit.js';

const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A store that counts its rate decisions and can be made to fail. */
function countingStore(shared: StateStore = memoryStateStore()) {
  const counted = { decisions: 0, down: false, delayMs: 0 };
  const store: StateStore = {
    ...shared,
    get status() {
      return shared.status;
    },
    takeRate: (options) => {
      counted.decisions++;
      if (counted.down) return Promise.reject(new Error('store unreachable'));
      if (counted.delayMs === 0) return shared.takeRate(options);
      return new Promise((resolve) => setTimeout(resolve, counted.delayMs)).then(() =>
        shared.takeRate(options),
      );
    },
  };
  return { store, counted };
}

function replica(store: StateStore, options: { rpm: number; leaseMs: number; replicas?: number }) {
  const arrivals: number[] = [];
  const primary = new MockProvider({ name: 'primary', models: ['m'], fallback: () => mockStep.reply('ok') });
  const complete = primary.complete.bind(primary);
  primary.complete = (call, callOptions) => {
    arrivals.push(Date.now());
    return complete(call, callOptions);
  };
  const limits = rateLimit({
    requestsPerMinute: options.rpm,
    onLimit: 'fallback',
    scope: 'provider',
    providers: ['primary'],
    store,
    leaseMs: options.leaseMs,
    replicas: options.replicas,
  });
  const backup = new MockProvider({
    name: 'backup',
    models: ['b'],
    fallback: () => mockStep.reply('backup'),
  });
  const router = createRouter({
    providers: { primary, backup },
    fallbacks: ['backup'],
    middleware: [limits],
  });
  return { router, limits, arrivals };
}

describe('rate limit leases', () => {
  it('spends a lease from memory: 200 calls of a healthy provider take one store decision', async () => {
    const { store, counted } = countingStore();
    const { router, arrivals } = replica(store, { rpm: 600_000, leaseMs: 1_000 });
    for (let call = 0; call < 200; call++) {
      const response = await router.complete(request);
      expect(response.provider).toBe('primary');
      vi.advanceTimersByTime(1);
    }
    expect(arrivals).toHaveLength(200);
    // 10,000 slots a second: one lease of 10,000 slots holds all 200 calls.
    expect(counted.decisions).toBe(1);
  });

  it('takes the next lease in the background when half is spent, so no call waits for the store', async () => {
    const { store, counted } = countingStore();
    // Each store decision takes 4 ms.
    counted.delayMs = 4;
    // 6,000 RPM and a 100 ms lease: 10 slots, one every 10 ms.
    const { router, arrivals } = replica(store, { rpm: 6_000, leaseMs: 100 });
    const took: number[] = [];
    const first = router.complete(request);
    await vi.advanceTimersByTimeAsync(4);
    await first;
    for (let call = 1; call < 50; call++) {
      // One call per slot: every 10 ms from the first.
      await vi.advanceTimersByTimeAsync(10);
      const started = Date.now();
      expect((await router.complete(request)).provider).toBe('primary');
      took.push(arrivals.at(-1)! - started);
    }
    expect(arrivals).toHaveLength(50);
    // The first call waited for the first lease; every later one was admitted from memory, with no
    // timer run (a store decision would have needed 4 ms of them).
    expect(took.slice(1).every((ms) => ms === 0)).toBe(true);
    // 50 calls, leases of 10: the first, then one in the background each time half of one is spent.
    expect(counted.decisions).toBeGreaterThanOrEqual(5);
    expect(counted.decisions).toBeLessThanOrEqual(7);
    // Evenly spaced, as the fleet's GCRA placed the slots: never two calls within one 10 ms interval.
    const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10);
  });

  it('keeps two processes sharing one budget to the limit: 600 RPM for a minute lets about 600 through', async () => {
    const shared = memoryStateStore();
    const one = replica(shared, { rpm: 600, leaseMs: 1_000, replicas: 2 });
    const two = replica(shared, { rpm: 600, leaseMs: 1_000, replicas: 2 });
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      await Promise.all([one.router.complete(request), two.router.complete(request)]);
      await vi.advanceTimersByTimeAsync(5);
    }
    const through = one.arrivals.length + two.arrivals.length;
    expect(through).toBeGreaterThanOrEqual(594);
    expect(through).toBeLessThanOrEqual(606);
    // Both processes were served, neither starved.
    expect(one.arrivals.length).toBeGreaterThan(200);
    expect(two.arrivals.length).toBeGreaterThan(200);
  });

  it('gives the tokens a lease left unused back to the fleet once it expires', async () => {
    const shared = memoryStateStore();
    const sent: number[] = [];
    const store: StateStore = {
      ...shared,
      status: 'connected',
      takeRate: (options) => {
        sent.push(options.buckets[0]!.carry);
        return shared.takeRate(options);
      },
    };
    const limits = rateLimit({
      tokensPerMinute: 60_000,
      onLimit: 'fallback',
      scope: 'provider',
      store,
      leaseMs: 1_000,
      estimateTokens: () => 10,
    });
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      fallback: () => mockStep.reply('ok', { usage: { inputTokens: 5, outputTokens: 5 } }),
    });
    const router = createRouter({ providers: { primary }, middleware: [limits] });
    // A lease of 1,000 tokens (a second at 60,000 a minute); the call spends 10 of them.
    await router.complete(request);
    expect(sent).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1_500);
    // Expired: the 990 it did not spend ride back on the next lease.
    await router.complete(request);
    expect(sent).toEqual([0, -990]);
  });

  it('decides locally once the lease is spent and the store is down, and never fails a call for it', async () => {
    const { store, counted } = countingStore();
    const { router, arrivals } = replica(store, { rpm: 6_000, leaseMs: 100, replicas: 1 });
    await router.complete(request);
    counted.down = true;
    for (let call = 0; call < 30; call++) {
      const response = await router.complete(request);
      expect(['primary', 'backup']).toContain(response.provider);
      await vi.advanceTimersByTimeAsync(10);
    }
    // The local limiter keeps the same pace (one replica: the whole limit).
    expect(arrivals.length).toBeGreaterThanOrEqual(28);
    counted.down = false;
    const before = counted.decisions;
    for (let call = 0; call < 10; call++) {
      await router.complete(request);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(counted.decisions).toBeGreaterThan(before);
  });

  it('rejects a negative leaseMs', () => {
    expect(() =>
      rateLimit({ requestsPerMinute: 1, onLimit: 'wait', scope: 'provider', leaseMs: -1 }),
    ).toThrow(/leaseMs/);
  });
});
