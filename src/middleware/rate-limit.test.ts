import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { memoryStateStore } from '../state/memory-state-store.js';
import type { StateStore } from '../state/state-store.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import type { Provider } from '../types/provider.js';
import { RouterError } from '../types/router-error.js';
import { rateLimit } from './rate-limit.js';
import { retry } from './retry.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const request = { model: 'm', messages };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A provider that notes when each call reached it. */
function upstream(reply = mockStep.reply('ok')) {
  const arrivals: number[] = [];
  const mock = new MockProvider({ name: 'primary', models: ['m'], fallback: reply });
  const provider: Provider = {
    ...mock,
    name: mock.name,
    models: mock.models,
    capabilities: mock.capabilities,
    complete: (request, options) => {
      arrivals.push(Date.now());
      return mock.complete(request, options);
    },
    stream: (request, options) => mock.stream(request, options),
  };
  return { provider, arrivals, mock };
}

describe('rateLimit (memory GCRA, fake clock)', () => {
  it('60 RPM: 60 calls reach the provider in the first minute, spaced at 1 s, the rest wait their turn', async () => {
    const { provider, arrivals } = upstream();
    const limited = rateLimit({
      requestsPerMinute: 60,
      onLimit: 'wait',
      scope: 'provider',
      maxWaitMs: 600_000,
    })(provider);
    const calls = Array.from({ length: 90 }, () => limited.complete(request));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(arrivals).toHaveLength(60);
    expect(arrivals.map((at) => at - 1_000_000)).toEqual(
      Array.from({ length: 60 }, (_, index) => index * 1_000),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(arrivals).toHaveLength(90);
    await Promise.all(calls);
  });

  it('refuses at once with rate_limited and retryAfterMs in fallback mode, and retry() does not retry it', async () => {
    const { provider, arrivals } = upstream();
    const limited = retry({ attempts: 3 })(
      rateLimit({ requestsPerMinute: 60, requestBurst: 2, onLimit: 'fallback', scope: 'provider' })(provider),
    );
    await limited.complete(request);
    await limited.complete(request);
    const refusal = await limited.complete(request).catch((error: unknown) => error);
    expect(RouterError.isInstance(refusal) && refusal.kind).toBe('rate_limited');
    expect((refusal as RouterError).retryAfterMs).toBe(1_000);
    expect((refusal as RouterError).message).toMatch(/Local rate limit \(60 requests\/min\)/);
    expect(arrivals).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    await limited.complete(request);
    expect(arrivals).toHaveLength(3);
  });

  it('waits no longer than the deadline: a wait past it is refused with rate_limited, without calling', async () => {
    const { provider, arrivals } = upstream();
    const limited = rateLimit({ requestsPerMinute: 6, onLimit: 'wait', scope: 'provider' })(provider);
    await limited.complete(request);
    // The next slot is 10 s away; this call may wait 3 s.
    const refusal = await limited
      .complete(request, { deadline: Date.now() + 3_000 })
      .catch((error: unknown) => error);
    expect((refusal as RouterError).kind).toBe('rate_limited');
    expect((refusal as RouterError).retryAfterMs).toBe(10_000);
    // One that may wait 15 s goes when its slot comes.
    const waiting = limited.complete(request, { deadline: Date.now() + 15_000 });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(arrivals).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(arrivals).toEqual([1_000_000, 1_010_000]);
  });

  it('reserves the token estimate, returns what the call did not use, and charges an overrun', async () => {
    let usage = { inputTokens: 10, outputTokens: 90, totalTokens: 100 };
    const mock = new MockProvider({
      name: 'primary',
      models: ['m'],
      fallback: () => mockStep.reply('ok', { usage }),
    });
    const limits = rateLimit({
      tokensPerMinute: 6_000,
      onLimit: 'fallback',
      scope: 'provider',
      estimateTokens: () => 1_000,
    });
    const limited = limits(mock);
    expect(await limits.remaining({ provider: 'primary' })).toEqual({ requests: undefined, tokens: 6_000 });
    // Six reservations of 1,000 fit at once; a seventh does not while all six are in flight.
    const slow = new MockProvider({
      name: 'primary',
      models: ['m'],
      fallback: mockStep.reply('ok', { delayMs: 100, usage }),
    });
    const slowLimited = limits(slow);
    const inFlight = Array.from({ length: 6 }, () => slowLimited.complete(request));
    await vi.advanceTimersByTimeAsync(0);
    expect(await limits.remaining({ provider: 'primary' })).toEqual({ requests: undefined, tokens: 0 });
    await expect(limited.complete(request)).rejects.toMatchObject({ kind: 'rate_limited' });
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(inFlight);
    // Each used 100 of its 1,000: 5,400 come back; 100 ms refilled 10 more.
    expect(await limits.remaining({ provider: 'primary' })).toEqual({ requests: undefined, tokens: 5_410 });
    // An overrun is charged: 1,000 reserved, 3,000 used.
    usage = { inputTokens: 1_000, outputTokens: 2_000, totalTokens: 3_000 };
    await limited.complete(request);
    expect(await limits.remaining({ provider: 'primary' })).toEqual({ requests: undefined, tokens: 2_410 });
  });

  it('estimates from the prompt and maxTokens by default, held while the call is in flight', async () => {
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
    const mock = new MockProvider({
      name: 'primary',
      models: ['m'],
      fallback: mockStep.reply('ok', { delayMs: 100, usage }),
    });
    const limits = rateLimit({ tokensPerMinute: 6_000, onLimit: 'fallback', scope: 'provider' });
    const call = limits(mock).complete({
      model: 'm',
      messages: [{ role: 'user', content: 'x'.repeat(300) }],
      maxTokens: 500,
    });
    await vi.advanceTimersByTimeAsync(0);
    // 300 characters / 3 + 4 framing + 500 output.
    expect(await limits.remaining({ provider: 'primary' })).toEqual({
      requests: undefined,
      tokens: 6_000 - 604,
    });
    await vi.advanceTimersByTimeAsync(100);
    await call;
    // Corrected to the 15 used, plus the 10 that 100 ms at 6,000 TPM earned back.
    expect(await limits.remaining({ provider: 'primary' })).toEqual({
      requests: undefined,
      tokens: 6_000 - 15 + 10,
    });
  });

  it('limits per provider and model with scope target, and leaves unlisted providers alone', async () => {
    const limits = rateLimit({
      requestsPerMinute: 1,
      onLimit: 'fallback',
      scope: 'target',
      providers: ['primary'],
    });
    const primary = new MockProvider({ name: 'primary', models: ['a', 'b'] });
    const other = new MockProvider({ name: 'other', models: ['a'] });
    const limited = limits(primary);
    expect(limits(other)).toBe(other);
    await limited.complete({ model: 'a', messages });
    await limited.complete({ model: 'b', messages });
    await expect(limited.complete({ model: 'a', messages })).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(primary.calls).toHaveLength(2);
  });

  it('fallback mode through createRouter: the fallback serves at once, the primary is not called', async () => {
    const primary = new MockProvider({ name: 'primary', models: ['m'] });
    const backup = new MockProvider({ name: 'backup', models: ['b'] });
    const router = createRouter({
      providers: { primary, backup },
      fallbacks: ['backup'],
      middleware: [
        retry({ attempts: 3 }),
        rateLimit({ requestsPerMinute: 60, onLimit: 'fallback', scope: 'provider' }),
      ],
    });
    expect((await router.complete(request)).provider).toBe('primary');
    const response = await router.complete(request);
    expect(response.provider).toBe('backup');
    expect(primary.calls).toHaveLength(1);
    expect(backup.calls).toHaveLength(1);
    // The refusal never reached the provider: the trail shows it skipped, with its kind, then the fallback.
    expect(
      response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.outcome, attempt.errorKind]),
    ).toEqual([
      ['primary', 'primary', 'skipped', 'rate_limited'],
      ['backup', 'fallback', 'success', undefined],
    ]);
  });

  it('with a store that is down, decides locally and never fails a call because of it', async () => {
    const down = new Error('store down');
    const broken = { ...memoryStateStore(), takeRate: () => Promise.reject(down) } as StateStore;
    const { provider, arrivals } = upstream();
    const limited = rateLimit({
      requestsPerMinute: 120,
      replicas: 2,
      onLimit: 'wait',
      scope: 'provider',
      store: broken,
    })(provider);
    const calls = Array.from({ length: 3 }, () => limited.complete(request));
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(calls);
    // Half of 120 RPM each, locally: one a second.
    expect(arrivals.map((at) => at - 1_000_000)).toEqual([0, 1_000, 2_000]);
  });

  it('shares one budget through a store, one takeRate per call', async () => {
    const store = memoryStateStore();
    const takeRate = vi.spyOn(store, 'takeRate');
    const first = upstream();
    const second = upstream();
    const options = {
      requestsPerMinute: 60,
      requestBurst: 3,
      onLimit: 'fallback' as const,
      scope: 'provider' as const,
      store,
    };
    const one = rateLimit(options)(first.provider);
    const two = rateLimit(options)(second.provider);
    await one.complete(request);
    await two.complete(request);
    await one.complete(request);
    await expect(two.complete(request)).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(first.arrivals.length + second.arrivals.length).toBe(3);
    expect(takeRate).toHaveBeenCalledTimes(4);
  });
});
