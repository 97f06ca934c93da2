import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { memoryStateStore } from '../state/memory-state-store.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import { type RateLimitOptions, rateLimit } from './rate-limit.js';

// Wait-or-move-on per target, what the trail says of it, and the budgets router.explain() shows.
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const start = 1_000_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(start);
});
afterEach(() => {
  vi.useRealTimers();
});

function routerWith(options: RateLimitOptions) {
  const reply = mockStep.reply('ok', { usage: { inputTokens: 30, outputTokens: 10 } });
  const primary = new MockProvider({ name: 'primary', models: ['m'], fallback: reply });
  const backup = new MockProvider({ name: 'backup', models: ['m'], fallback: reply });
  const limits = rateLimit({ estimateTokens: () => 100, ...options });
  const router = createRouter({
    providers: { primary, backup },
    modelMap: { m: 'primary' },
    fallbacks: ['backup'],
    middleware: [limits],
  });
  return { router, limits, primary, backup };
}

describe('rateLimit per target: wait or move on', () => {
  it('a provider that waits while the others move on: the trail says waited, with the wait', async () => {
    const { router } = routerWith({
      requestsPerMinute: 60,
      onLimit: 'fallback',
      scope: 'provider',
      targets: [{ provider: 'primary', onLimit: 'wait', maxWaitMs: 5_000 }],
    });
    const first = router.complete(request);
    const second = router.complete(request);
    await vi.advanceTimersByTimeAsync(1_000);
    const [a, b] = await Promise.all([first, second]);

    expect(a.provider).toBe('primary');
    expect(a.trail[0]!.rateLimit).toBeUndefined();
    expect(b.provider).toBe('primary');
    expect(b.trail).toHaveLength(1);
    expect(b.trail[0]).toMatchObject({ outcome: 'success', rateLimit: { action: 'waited', waitMs: 1_000 } });
    expect(b.trail[0]!.startedAt).toBe(start + 1_000);
  });

  it('the shared setting moves on: the primary is skipped as moved-on and the fallback serves', async () => {
    const { router, backup } = routerWith({
      requestsPerMinute: 60,
      onLimit: 'wait',
      scope: 'provider',
      targets: [{ provider: 'primary', onLimit: 'fallback' }],
    });
    await router.complete(request);
    const moved = await router.complete(request);

    expect(moved.provider).toBe('backup');
    expect(moved.trail[0]).toMatchObject({
      provider: 'primary',
      outcome: 'skipped',
      errorKind: 'rate_limited',
      rateLimit: { action: 'moved-on', waitMs: 1_000 },
    });
    expect(moved.trail[1]).toMatchObject({ provider: 'backup', reason: 'fallback', outcome: 'success' });
    expect(moved.trail[1]!.rateLimit).toBeUndefined();
    expect(backup.calls).toHaveLength(1);
  });

  it('a wait beyond the target allowance moves on instead, and says so', async () => {
    const { router } = routerWith({
      requestsPerMinute: 60,
      onLimit: 'wait',
      maxWaitMs: 10_000,
      scope: 'provider',
      targets: [{ provider: 'primary', maxWaitMs: 500 }],
    });
    await router.complete(request);
    const moved = await router.complete(request);
    expect(moved.provider).toBe('backup');
    expect(moved.trail[0]!.rateLimit).toEqual({ action: 'moved-on', waitMs: 1_000 });
  });

  it('a rule naming a model is a budget of its own, with its own limits', async () => {
    const { router, limits } = routerWith({
      requestsPerMinute: 600,
      onLimit: 'fallback',
      scope: 'provider',
      targets: [{ provider: 'primary', model: 'm', requestsPerMinute: 1 }],
    });
    await router.complete(request);
    const moved = await router.complete(request);
    expect(moved.provider).toBe('backup');
    expect(moved.trail[0]!.rateLimit).toEqual({ action: 'moved-on', waitMs: 60_000 });
    // Another model of the same provider still has the provider's shared budget.
    expect(await limits.remaining({ provider: 'primary', model: 'other' })).toEqual({
      requests: 1,
      tokens: undefined,
    });
    expect(await limits.remaining({ provider: 'primary', model: 'm' })).toEqual({
      requests: 0,
      tokens: undefined,
    });
  });

  it('refuses two rules for the same target', () => {
    expect(() =>
      rateLimit({
        requestsPerMinute: 1,
        onLimit: 'wait',
        scope: 'provider',
        targets: [{ provider: 'a' }, { provider: 'a', onLimit: 'fallback' }],
      }),
    ).toThrow('two target rules for a');
  });
});

describe('router.explain() with a rate limit', () => {
  it("shows each planned target's budget with the figures used", async () => {
    const { router } = routerWith({
      requestsPerMinute: 60,
      tokensPerMinute: 1_000,
      onLimit: 'fallback',
      scope: 'provider',
      targets: [{ provider: 'backup', onLimit: 'wait', maxWaitMs: 2_000 }],
    });
    await router.complete(request);
    const explanation = router.explain('m');

    expect(explanation.plan).toEqual([
      { provider: 'primary', model: 'm' },
      { provider: 'backup', model: 'm' },
    ]);
    expect(explanation.budgets).toEqual([
      {
        provider: 'primary',
        model: 'm',
        key: 'ratelimit:primary:*',
        limits: { requestsPerMinute: 60, requestBurst: 1, tokensPerMinute: 1_000 },
        onLimit: 'fallback',
        maxWaitMs: 60_000,
        // 100 tokens reserved, corrected to the 40 used.
        remainingRequests: 0,
        remainingTokens: 960,
        waitMs: 1_000,
        availableAt: start + 1_000,
        source: 'local',
        asOf: start,
      },
      {
        provider: 'backup',
        model: 'm',
        key: 'ratelimit:backup:*',
        limits: { requestsPerMinute: 60, requestBurst: 1, tokensPerMinute: 1_000 },
        onLimit: 'wait',
        maxWaitMs: 2_000,
        remainingRequests: 1,
        remainingTokens: 1_000,
        waitMs: 0,
        availableAt: start,
        source: 'local',
        asOf: start,
      },
    ]);

    vi.advanceTimersByTime(1_000);
    expect(router.explain('m').budgets![0]).toMatchObject({ remainingRequests: 1, waitMs: 0 });
  });

  it('with a store: the fleet figures of the latest decision, and when they are from', async () => {
    const { router } = routerWith({
      requestsPerMinute: 60,
      onLimit: 'fallback',
      scope: 'provider',
      store: memoryStateStore(),
    });
    expect(router.explain('m').budgets![0]).toMatchObject({ source: 'local', remainingRequests: 1 });
    await router.complete(request);
    vi.advanceTimersByTime(200);
    expect(router.explain('m').budgets![0]).toMatchObject({
      source: 'fleet',
      asOf: start,
      remainingRequests: 0,
      waitMs: 1_000,
      availableAt: start + 1_000,
    });
  });

  it('is the plain plan, the same object each time, without a limiter', () => {
    const router = createRouter({
      providers: { primary: new MockProvider({ name: 'primary', models: ['m'] }) },
    });
    expect(router.explain('m')).toBe(router.explain('m'));
    expect(router.explain('m').budgets).toBeUndefined();
  });
});
