import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import type { RetryEvent } from '../types/events.js';
import { retry } from './retry.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(options: {
  primary: MockProvider;
  fallback?: MockProvider;
  retryOptions?: Parameters<typeof retry>[0];
}) {
  const retries: RetryEvent[] = [];
  const providers: Record<string, MockProvider> = { primary: options.primary };
  if (options.fallback) providers.fallback = options.fallback;
  const router = createRouter({
    providers,
    fallbacks: options.fallback ? ['fallback'] : [],
    middleware: [retry(options.retryOptions ?? { attempts: 3, baseDelayMs: 1_000 })],
    hooks: { onRetry: (event) => retries.push(event) },
  });
  return { router, retries };
}

describe('retry', () => {
  it('503, 503, then success: three attempts, delays within the full-jitter bounds', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [
        mockStep.error({ status: 503 }),
        mockStep.error({ status: 503 }),
        mockStep.reply('third time'),
      ],
    });
    const { router, retries } = setup({ primary });
    const started = Date.now();
    const pending = router.complete({ model: 'm', messages });
    await vi.runAllTimersAsync();
    const response = await pending;

    expect(response.text).toBe('third time');
    expect(primary.calls).toHaveLength(3);
    expect(
      response.trail.map((attempt) => [attempt.reason, attempt.outcome, attempt.errorKind, attempt.status]),
    ).toEqual([
      ['primary', 'error', 'overloaded', 503],
      ['retry', 'error', 'overloaded', 503],
      ['retry', 'success', undefined, undefined],
    ]);
    expect(retries.map((event) => event.attempt)).toEqual([1, 2]);
    // Full jitter: retry n waits uniformly in [0, base * 2^(n-1)).
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(0);
    expect(retries[0]!.delayMs).toBeLessThan(1_000);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(0);
    expect(retries[1]!.delayMs).toBeLessThan(2_000);
    expect(Date.now() - started).toBe(retries[0]!.delayMs + retries[1]!.delayMs);
  });

  it('the jitter draw scales the exponential ceiling, capped by maxDelayMs', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [1, 2, 3, 4].map(() => mockStep.error({ status: 500 })),
    });
    const { router, retries } = setup({
      primary,
      retryOptions: { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 3_000, random: () => 0.5 },
    });
    const pending = router.complete({ model: 'm', messages });
    await vi.runAllTimersAsync();
    await pending;
    expect(retries.map((event) => event.delayMs)).toEqual([500, 1_000, 1_500, 1_500]);
  });

  it('400: one attempt, no retry, no fallback, and the caller sees the provider message', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 400, message: "Invalid 'messages[0].role'" })],
    });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const { router } = setup({ primary, fallback });
    const error = await router.complete({ model: 'm', messages }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, provider: 'primary' });
    expect((error as Error).message).toContain("Invalid 'messages[0].role'");
    expect(primary.calls).toHaveLength(1);
    expect(fallback.calls).toHaveLength(0);
    expect((error as { trail: unknown[] }).trail).toHaveLength(1);
  });

  it('401 on the primary: no retry, the fallback serves it', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 401 })],
    });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const { router } = setup({ primary, fallback });
    const response = await router.complete({ model: 'm', messages });
    expect(response.provider).toBe('fallback');
    expect(fallback.calls[0]!.request.model).toBe('f');
    expect(primary.calls).toHaveLength(1);
    expect(
      response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind ?? 'ok']),
    ).toEqual([
      ['primary', 'primary', 'auth'],
      ['fallback', 'fallback', 'ok'],
    ]);
  });

  it('429 with Retry-After: 2 waits exactly 2 s of fake time', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 429, retryAfterMs: 2_000 }), mockStep.reply('ok')],
    });
    const { router } = setup({ primary });
    const pending = router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(primary.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(primary.calls).toHaveLength(2);
    expect((await pending).text).toBe('ok');
  });

  it('Retry-After: 120 over a 30 s cap skips the wait and falls back at once', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 429, retryAfterMs: 120_000 })],
    });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const { router, retries } = setup({
      primary,
      fallback,
      retryOptions: { attempts: 3, maxRetryAfterMs: 30_000 },
    });
    const started = Date.now();
    const response = await router.complete({ model: 'm', messages });
    expect(Date.now() - started).toBe(0);
    expect(response.provider).toBe('fallback');
    expect(retries).toHaveLength(0);
    expect(primary.calls).toHaveLength(1);
  });

  it('x-should-retry overrides the table both ways', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [
        mockStep.error({ status: 503, shouldRetry: false }),
        mockStep.error({ status: 400, shouldRetry: true }),
        mockStep.reply('ok'),
      ],
    });
    const { router } = setup({ primary });
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ status: 503 });
    expect(primary.calls).toHaveLength(1);
    const pending = router.complete({ model: 'm', messages });
    await vi.runAllTimersAsync();
    expect((await pending).text).toBe('ok');
    expect(primary.calls).toHaveLength(3);
  });

  it('never sleeps past the call deadline: gives up with the last error instead', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 429, retryAfterMs: 5_000 }), mockStep.reply('too late')],
    });
    const { router } = setup({ primary });
    const started = Date.now();
    await expect(router.complete({ model: 'm', messages }, { deadlineMs: 3_000 })).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    expect(Date.now() - started).toBe(0);
    expect(primary.calls).toHaveLength(1);
  });

  it('never retries a cancelled call, and cancelling during the backoff stops at once', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 503 }), mockStep.reply('never')],
    });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const { router } = setup({
      primary,
      fallback,
      retryOptions: { attempts: 3, baseDelayMs: 10_000, random: () => 0.9 },
    });
    const controller = new AbortController();
    const pending = router.complete({ model: 'm', messages }, { signal: controller.signal });
    const outcome = pending.catch((thrown: unknown) => thrown);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await outcome;
    expect(error).toMatchObject({ name: 'CancelledError', kind: 'cancelled' });
    expect(primary.calls).toHaveLength(1);
    expect(fallback.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
