import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type Attempt,
  circuitBreaker,
  createRouter,
  type FallbackExhaustedError,
  retry,
  timeout,
} from '../src/index.js';
import { MockProvider, mockStep } from '../src/testing/index.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('router.complete', () => {
  it('one overall deadline bounds a call with retries and two fallbacks', async () => {
    const providers = {
      a: new MockProvider({ name: 'a', models: ['ma'], fallback: mockStep.hang() }),
      b: new MockProvider({ name: 'b', models: ['mb'], fallback: mockStep.hang() }),
      c: new MockProvider({ name: 'c', models: ['mc'], fallback: mockStep.hang() }),
    };
    const router = createRouter({
      providers,
      fallbacks: ['b', 'c'],
      middleware: [retry({ attempts: 3, baseDelayMs: 100, random: () => 0.5 }), timeout({ totalMs: 2_000 })],
    });
    const started = Date.now();
    const outcome = router
      .complete({ model: 'ma', messages }, { deadlineMs: 7_000 })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = (await outcome) as { name: string; kind: string; phase: string; trail: Attempt[] };
    expect(error).toMatchObject({ name: 'TimeoutError', kind: 'timeout', phase: 'deadline' });
    // a: 3 attempts of 2 s with 50 ms + 100 ms backoff (6.15 s), then b's first attempt is cut at 7 s.
    expect(error.trail.map((attempt) => [attempt.provider, attempt.reason])).toEqual([
      ['a', 'primary'],
      ['a', 'retry'],
      ['a', 'retry'],
      ['b', 'fallback'],
    ]);
    expect(providers.c.calls).toHaveLength(0);
    expect(providers.b.calls[0]!.aborted).toBe(true);
    expect(Date.now() - started).toBe(10_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('every target failing gives FallbackExhaustedError holding each error, in order', async () => {
    const router = createRouter({
      providers: {
        a: new MockProvider({ name: 'a', models: ['ma'], fallback: mockStep.error({ status: 503 }) }),
        b: new MockProvider({ name: 'b', models: ['mb'], fallback: mockStep.error({ status: 401 }) }),
        c: new MockProvider({
          name: 'c',
          models: ['mc'],
          fallback: mockStep.error({ status: 429, retryAfterMs: 9 }),
        }),
      },
      fallbacks: ['b', 'c'],
    });
    const error = (await router
      .complete({ model: 'ma', messages })
      .catch((e: unknown) => e)) as FallbackExhaustedError;
    expect(error.name).toBe('FallbackExhaustedError');
    expect(error.errors.map((each) => [each.provider, each.kind])).toEqual([
      ['a', 'overloaded'],
      ['b', 'auth'],
      ['c', 'rate_limited'],
    ]);
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(9);
    expect(error.trail).toHaveLength(3);
    expect(error.message).toBe(
      'All 3 targets failed for "ma" (a/ma: overloaded; b/mb: auth; c/mc: rate_limited)',
    );
  });

  it('content_filter falls back only where configured', async () => {
    const make = () => ({
      strict: new MockProvider({
        name: 'strict',
        models: ['m'],
        fallback: mockStep.error({ kind: 'content_filter', status: 400 }),
      }),
      lenient: new MockProvider({ name: 'lenient', models: ['l'] }),
    });
    const off = createRouter({ providers: make(), fallbacks: ['lenient'] });
    await expect(off.complete({ model: 'm', messages })).rejects.toMatchObject({ kind: 'content_filter' });
    const on = createRouter({ providers: make(), fallbacks: ['lenient'], fallbackOnContentFilter: true });
    expect((await on.complete({ model: 'm', messages })).provider).toBe('lenient');
  });

  it('never sends a request to a provider lacking a capability it needs', async () => {
    const textOnly = new MockProvider({ name: 'textOnly', models: ['m'], capabilities: { tools: false } });
    const capable = new MockProvider({ name: 'capable', models: ['c'] });
    const router = createRouter({ providers: { textOnly, capable }, fallbacks: ['capable'] });
    const response = await router.complete({
      model: 'm',
      messages,
      tools: [{ name: 'lookup', parameters: { type: 'object', properties: {} } }],
    });
    expect(textOnly.calls).toHaveLength(0);
    expect(response.provider).toBe('capable');
    expect(response.trail[0]).toMatchObject({
      provider: 'textOnly',
      outcome: 'skipped',
      errorKind: 'bad_request',
    });
    expect(response.trail[0]!.message).toBe('Provider "textOnly" does not support tools');

    const alone = createRouter({ providers: { textOnly } });
    await expect(
      alone.complete({
        model: 'm',
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
        ],
      }),
    ).resolves.toMatchObject({ provider: 'textOnly' });
    const noImages = createRouter({
      providers: {
        blind: new MockProvider({ name: 'blind', models: ['b'], capabilities: { imageInput: false } }),
      },
    });
    await expect(
      noImages.complete({
        model: 'b',
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
        ],
      }),
    ).rejects.toMatchObject({ name: 'UnsupportedCapabilityError', capability: 'imageInput' });
  });

  it('hooks see every attempt, retry and fallback; a hook that throws breaks nothing', async () => {
    const seen: string[] = [];
    const hookErrors: string[] = [];
    const router = createRouter({
      providers: {
        a: new MockProvider({ name: 'a', models: ['ma'], fallback: mockStep.error({ status: 500 }) }),
        b: new MockProvider({ name: 'b', models: ['mb'] }),
      },
      fallbacks: ['b'],
      middleware: [retry({ attempts: 2, baseDelayMs: 1, random: () => 0 })],
      hooks: {
        onAttempt(attempt) {
          seen.push(`attempt ${attempt.ordinal} ${attempt.provider} ${attempt.outcome}`);
          throw new Error('hook bug');
        },
        onRetry(event) {
          seen.push(`retry ${event.target.provider} after ${event.attempt}`);
          throw new Error('hook bug');
        },
        onFallback(event) {
          seen.push(`fallback ${event.from.provider}->${event.to.provider} (${event.error.kind})`);
        },
        onHookError: (_error, hook) => hookErrors.push(hook),
      },
    });
    const response = await router.complete({ model: 'ma', messages });
    expect(response.provider).toBe('b');
    expect(seen).toEqual([
      'attempt 1 a error',
      'retry a after 1',
      'attempt 2 a error',
      'fallback a->b (server)',
      'attempt 3 b success',
    ]);
    expect(hookErrors).toEqual(['onAttempt', 'onRetry', 'onAttempt', 'onAttempt']);
  });

  it('runtime changes apply to calls that start after them; calls in flight keep their configuration', async () => {
    const first = new MockProvider({
      name: 'first',
      models: ['m'],
      fallback: mockStep.reply('first', { delayMs: 100 }),
    });
    const second = new MockProvider({ name: 'second', models: ['m2'] });
    const router = createRouter({ providers: { first } });
    const inFlight = router.complete({ model: 'm', messages });
    router.registerProvider('second', second);
    router.mapModel('m', 'second');
    router.use((next) => ({
      ...next,
      name: next.name,
      models: next.models,
      capabilities: next.capabilities,
      complete: () => Promise.reject(new Error('middleware added now must not touch calls already running')),
      stream: next.stream,
    }));
    await vi.advanceTimersByTimeAsync(100);
    expect((await inFlight).provider).toBe('first');
    await expect(router.complete({ model: 'm', messages })).rejects.toThrow(
      'must not touch calls already running',
    );
    expect(first.calls).toHaveLength(1);
  });

  it('a runtime mapping takes effect for the next call', async () => {
    const first = new MockProvider({ name: 'first', models: ['m'] });
    const second = new MockProvider({ name: 'second', models: ['m2'] });
    const router = createRouter({ providers: { first, second } });
    router.mapModel('m', { provider: 'second', model: 'm2' });
    const response = await router.complete({ model: 'm', messages });
    expect(response.provider).toBe('second');
    expect(second.calls[0]!.request.model).toBe('m2');
  });

  it('bad input is a clear bad_request error, never a crash', async () => {
    const router = createRouter({ providers: { p: new MockProvider({ name: 'p', models: ['m'] }) } });
    await expect(router.complete({ model: '', messages })).rejects.toThrow(
      'request.model must be a non-empty string',
    );
    await expect(router.complete({ model: 'm', messages: [] })).rejects.toThrow(
      'request.messages must be a non-empty array',
    );
    await expect(
      router.complete(null as unknown as Parameters<typeof router.complete>[0]),
    ).rejects.toMatchObject({ kind: 'bad_request' });
    expect(() => createRouter({ providers: { broken: {} as never } })).toThrow(
      'Provider "broken" is not a provider',
    );
  });

  it('the seed example: breaker opens on a dead primary and traffic flows to the fallback', async () => {
    const openai = new MockProvider({
      name: 'openai',
      models: ['gpt-4o-mini'],
      fallback: mockStep.error({ status: 503 }),
    });
    const anthropic = new MockProvider({ name: 'anthropic', models: ['claude-haiku-4-5'] });
    const breaker = circuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 });
    const router = createRouter({
      providers: { openai, anthropic },
      modelMap: { 'gpt-4o-mini': 'openai' },
      fallbacks: ['anthropic'],
      middleware: [retry({ attempts: 3, baseDelayMs: 1_000 }), breaker, timeout({ totalMs: 30_000 })],
    });
    for (let index = 0; index < 3; index++) {
      const pending = router.complete({ model: 'gpt-4o-mini', messages });
      await vi.runAllTimersAsync();
      const response = await pending;
      expect(response.provider).toBe('anthropic');
      expect(anthropic.calls.at(-1)!.request.model).toBe('claude-haiku-4-5');
    }
    // 3 attempts on the first call, 2 on the second, then the breaker opened after 5 failures.
    expect(openai.calls).toHaveLength(5);
    expect(breaker.state({ provider: 'openai' })).toBe('open');
  });
});
