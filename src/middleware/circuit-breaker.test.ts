import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import type { CircuitStateChangeEvent } from '../types/events.js';
import { circuitBreaker } from './circuit-breaker.js';
import { retry } from './retry.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function failing(name: string, status = 503) {
  return new MockProvider({ name, models: [`${name}-model`], fallback: mockStep.error({ status }) });
}

describe('circuitBreaker', () => {
  it('opens after the threshold, fails fast while open, and the fallback serves at once', async () => {
    const primary = failing('primary');
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const events: CircuitStateChangeEvent[] = [];
    const breaker = circuitBreaker({ failureThreshold: 3, cooldownMs: 30_000 });
    const router = createRouter({
      providers: { primary, fallback },
      fallbacks: ['fallback'],
      middleware: [breaker],
      hooks: { onCircuitStateChange: (event) => events.push(event) },
    });
    for (let index = 0; index < 3; index++) await router.complete({ model: 'primary-model', messages });
    expect(breaker.state({ provider: 'primary' })).toBe('open');
    expect(events).toEqual([
      {
        target: { provider: 'primary', model: '*' },
        from: 'closed',
        to: 'open',
        reopensAt: expect.any(Number),
      },
    ]);

    const response = await router.complete({ model: 'primary-model', messages });
    expect(primary.calls).toHaveLength(3);
    expect(response.provider).toBe('fallback');
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome, attempt.errorKind])).toEqual([
      ['primary', 'skipped', 'circuit_open'],
      ['fallback', 'success', undefined],
    ]);
  });

  it('lets exactly the configured number of probes through when 100 calls arrive at once half-open', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 500 }), mockStep.error({ status: 500 })],
      fallback: mockStep.reply('probe ok', { delayMs: 50 }),
    });
    const breaker = circuitBreaker({ failureThreshold: 2, cooldownMs: 10_000, halfOpenProbes: 3 });
    const router = createRouter({ providers: { primary }, middleware: [breaker] });
    for (let index = 0; index < 2; index++) await router.complete({ model: 'm', messages }).catch(() => {});
    expect(breaker.state({ provider: 'primary' })).toBe('open');
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({
      name: 'CircuitOpenError',
    });

    await vi.advanceTimersByTimeAsync(10_000);
    expect(breaker.state({ provider: 'primary' })).toBe('half-open');
    const outcomes = Promise.allSettled(
      Array.from({ length: 100 }, () => router.complete({ model: 'm', messages })),
    );
    await vi.advanceTimersByTimeAsync(50);
    const settled = await outcomes;
    expect(primary.calls).toHaveLength(2 + 3);
    expect(settled.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    const rejected = settled.filter((outcome) => outcome.status === 'rejected');
    expect(rejected).toHaveLength(97);
    expect(
      rejected.every((outcome) => (outcome as PromiseRejectedResult).reason.kind === 'circuit_open'),
    ).toBe(true);
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
  });

  it('a probe success closes it; a probe failure reopens it for another cooldown', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.error({ status: 502 }), mockStep.error({ status: 502 }), mockStep.reply('back')],
    });
    const events: string[] = [];
    const breaker = circuitBreaker({
      failureThreshold: 1,
      cooldownMs: 1_000,
      onStateChange: (event) => events.push(`${event.from}->${event.to}`),
    });
    const router = createRouter({ providers: { primary }, middleware: [breaker] });
    await router.complete({ model: 'm', messages }).catch(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ status: 502 });
    expect(breaker.state({ provider: 'primary' })).toBe('open');
    await vi.advanceTimersByTimeAsync(999);
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ kind: 'circuit_open' });
    await vi.advanceTimersByTimeAsync(1);
    expect((await router.complete({ model: 'm', messages })).text).toBe('back');
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    expect(events).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->open',
      'open->half-open',
      'half-open->closed',
    ]);
    expect(primary.calls).toHaveLength(3);
  });

  it('400s and cancellations never count; only consecutive health failures do', async () => {
    const primary = failing('primary', 400);
    const breaker = circuitBreaker({ failureThreshold: 2 });
    const router = createRouter({ providers: { primary }, middleware: [breaker] });
    for (let index = 0; index < 10; index++)
      await router.complete({ model: 'primary-model', messages }).catch(() => {});
    expect(breaker.state({ provider: 'primary' })).toBe('closed');

    primary.enqueue(...Array.from({ length: 10 }, () => mockStep.hang()));
    for (let index = 0; index < 10; index++) {
      const controller = new AbortController();
      const pending = router.complete({ model: 'primary-model', messages }, { signal: controller.signal });
      controller.abort();
      await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    }
    expect(breaker.state({ provider: 'primary' })).toBe('closed');

    // A success between two failures resets the count.
    primary.enqueue(mockStep.error({ status: 503 }), mockStep.reply('ok'), mockStep.error({ status: 503 }));
    for (let index = 0; index < 3; index++)
      await router.complete({ model: 'primary-model', messages }).catch(() => {});
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
  });

  it('an open breaker on one provider leaves the others untouched; per-model scope splits further', async () => {
    const primary = failing('primary');
    const other = new MockProvider({ name: 'other', models: ['o'] });
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const router = createRouter({ providers: { primary, other }, middleware: [breaker] });
    await router.complete({ model: 'primary-model', messages }).catch(() => {});
    expect(breaker.state({ provider: 'primary' })).toBe('open');
    expect(breaker.state({ provider: 'other' })).toBe('closed');
    expect((await router.complete({ model: 'o', messages })).provider).toBe('other');

    const perModel = circuitBreaker({ failureThreshold: 1, scope: 'model' });
    const multi = new MockProvider({
      name: 'multi',
      models: ['a', 'b'],
      fallback: (request) =>
        request.model === 'a' ? mockStep.error({ status: 500 }) : mockStep.reply('b ok'),
    });
    const router2 = createRouter({ providers: { multi }, middleware: [perModel] });
    await router2.complete({ model: 'a', messages }).catch(() => {});
    expect(perModel.state({ provider: 'multi', model: 'a' })).toBe('open');
    expect(perModel.state({ provider: 'multi', model: 'b' })).toBe('closed');
    expect((await router2.complete({ model: 'b', messages })).text).toBe('b ok');
  });

  it('keeps its state when the router rebuilds chains (use / registerProvider)', async () => {
    const primary = failing('primary');
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const router = createRouter({ providers: { primary }, middleware: [breaker] });
    await router.complete({ model: 'primary-model', messages }).catch(() => {});
    router.use((next) => next);
    router.registerProvider('spare', new MockProvider({ name: 'spare' }));
    await expect(router.complete({ model: 'primary-model', messages })).rejects.toMatchObject({
      kind: 'circuit_open',
    });
    expect(primary.calls).toHaveLength(1);
  });

  it('records a stream by its real outcome: an opened stream that fails mid-way is a failure', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      fallback: mockStep.stream([{ type: 'text-delta', text: 'partial' }], { failAfter: 1 }),
    });
    const breaker = circuitBreaker({ failureThreshold: 2 });
    const router = createRouter({ providers: { primary }, middleware: [breaker] });
    for (let index = 0; index < 2; index++) {
      const stream = router.stream({ model: 'm', messages });
      await expect(
        (async () => {
          for await (const _part of stream) {
            // draining
          }
        })(),
      ).rejects.toMatchObject({ name: 'StreamInterruptedError', kind: 'network' });
    }
    expect(breaker.state({ provider: 'primary' })).toBe('open');

    // A stream that ends without its finish part is also a failure, not a short answer.
    const truncated = new MockProvider({
      name: 'truncated',
      models: ['t'],
      fallback: mockStep.stream([{ type: 'text-delta', text: 'cut' }]),
    });
    const breaker2 = circuitBreaker({ failureThreshold: 1 });
    const router2 = createRouter({ providers: { truncated }, middleware: [breaker2] });
    await expect(router2.stream({ model: 't', messages }).response).rejects.toMatchObject({
      name: 'StreamInterruptedError',
    });
    expect(breaker2.state({ provider: 'truncated' })).toBe('open');
  });
});

describe('circuitBreaker inside retry', () => {
  it('a retry refused because the breaker opened mid-call is recorded as a skipped retry', async () => {
    const primary = failing('primary');
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const router = createRouter({
      providers: { primary, fallback },
      fallbacks: ['fallback'],
      middleware: [
        retry({ attempts: 3, baseDelayMs: 1, random: () => 0 }),
        circuitBreaker({ failureThreshold: 2 }),
      ],
    });
    const response = await router.complete({ model: 'primary-model', messages });
    expect(response.trail.map((attempt) => [attempt.reason, attempt.outcome, attempt.errorKind])).toEqual([
      ['primary', 'error', 'overloaded'],
      ['retry', 'error', 'overloaded'],
      ['retry', 'skipped', 'circuit_open'],
      ['fallback', 'success', undefined],
    ]);
  });
});
