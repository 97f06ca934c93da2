import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import type { CircuitStateChangeEvent } from '../types/events.js';
import type { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import { circuitBreaker } from './circuit-breaker.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const finish: StreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A router over one provider whose breaker opens on its first 503 and goes half-open 1 s later. */
async function halfOpenRouter(script: Parameters<MockProvider['enqueue']>, probes = 1) {
  const primary = new MockProvider({
    name: 'primary',
    models: ['m'],
    script: [mockStep.error({ status: 503 }), ...script],
    fallback: mockStep.reply('recovered'),
  });
  const events: string[] = [];
  const breaker = circuitBreaker({
    failureThreshold: 1,
    cooldownMs: 1_000,
    halfOpenProbes: probes,
    onStateChange: (event: CircuitStateChangeEvent) => events.push(`${event.from}->${event.to}`),
  });
  const router = createRouter({ providers: { primary }, middleware: [breaker] });
  await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ kind: 'overloaded' });
  await vi.advanceTimersByTimeAsync(1_000);
  expect(breaker.state({ provider: 'primary' })).toBe('half-open');
  return { primary, breaker, router, events };
}

describe('circuitBreaker half-open: a probe that ends neutral frees its slot', () => {
  it('a probe answered with a 400 holds the slot while it runs, then lets the next call probe', async () => {
    const { primary, breaker, router } = await halfOpenRouter([
      mockStep.error({ status: 400 }, { delayMs: 100 }),
    ]);
    const probe = router.complete({ model: 'm', messages }).catch((error: unknown) => error);
    // The slot is taken while the 400 is on its way.
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ kind: 'circuit_open' });
    await vi.advanceTimersByTimeAsync(100);
    expect(await probe).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(breaker.state({ provider: 'primary' })).toBe('half-open');

    const response = await router.complete({ model: 'm', messages });
    expect(response.text).toBe('recovered');
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    expect(primary.calls).toHaveLength(3);
  });

  it('a cancelled probe lets the next call probe', async () => {
    const { primary, breaker, router } = await halfOpenRouter([mockStep.hang()]);
    const controller = new AbortController();
    const probe = router.complete({ model: 'm', messages }, { signal: controller.signal });
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ kind: 'circuit_open' });
    controller.abort();
    await expect(probe).rejects.toMatchObject({ kind: 'cancelled' });
    expect(breaker.state({ provider: 'primary' })).toBe('half-open');

    expect((await router.complete({ model: 'm', messages })).text).toBe('recovered');
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    expect(primary.calls).toHaveLength(3);
    expect(primary.calls[1]!.aborted).toBe(true);
  });

  it('a probe stream the consumer leaves early lets the next call probe', async () => {
    const { primary, breaker, router } = await halfOpenRouter([
      mockStep.stream(
        [{ type: 'text-delta', text: 'first ' }, { type: 'text-delta', text: 'second' }, finish],
        {
          partDelayMs: 10,
        },
      ),
    ]);
    const stream = router.stream({ model: 'm', messages });
    const reading = (async () => {
      for await (const part of stream) if (part.type === 'text-delta') break;
    })();
    await vi.advanceTimersByTimeAsync(10);
    await reading;
    expect(primary.calls[1]!.abandoned).toBe(true);
    expect(breaker.state({ provider: 'primary' })).toBe('half-open');

    expect((await router.complete({ model: 'm', messages })).text).toBe('recovered');
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    expect(primary.calls).toHaveLength(3);
  });
});

describe('circuitBreaker reset()', () => {
  it('closes an open breaker at once, only for the provider named, and reports the change', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['p'],
      script: [mockStep.error({ status: 500 })],
    });
    const other = new MockProvider({
      name: 'other',
      models: ['o'],
      script: [mockStep.error({ status: 500 })],
    });
    const events: string[] = [];
    const breaker = circuitBreaker({
      failureThreshold: 1,
      cooldownMs: 60_000,
      onStateChange: (event) => events.push(`${event.target.provider}:${event.from}->${event.to}`),
    });
    const router = createRouter({ providers: { primary, other }, middleware: [breaker] });
    await router.complete({ model: 'p', messages }).catch(() => {});
    await router.complete({ model: 'o', messages }).catch(() => {});
    expect(breaker.state({ provider: 'primary' })).toBe('open');

    breaker.reset('primary');
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    expect(breaker.state({ provider: 'other' })).toBe('open');
    expect((await router.complete({ model: 'p', messages })).provider).toBe('primary');
    await expect(router.complete({ model: 'o', messages })).rejects.toMatchObject({ kind: 'circuit_open' });

    breaker.reset();
    expect(breaker.state({ provider: 'other' })).toBe('closed');
    expect((await router.complete({ model: 'o', messages })).provider).toBe('other');
    expect(events).toEqual([
      'primary:closed->open',
      'other:closed->open',
      'primary:open->closed',
      'other:open->closed',
    ]);
    // No cooldown passed: the calls after each reset reached the providers.
    expect(primary.calls).toHaveLength(2);
    expect(other.calls).toHaveLength(2);
  });

  it('a probe that settles after a reset changes nothing, even once a new half-open period has begun', async () => {
    const { primary, breaker, router, events } = await halfOpenRouter([
      mockStep.error({ status: 503 }, { delayMs: 5_000 }),
      mockStep.error({ status: 503 }),
      mockStep.reply('new probe', { delayMs: 10_000 }),
    ]);
    const staleProbe = router.complete({ model: 'm', messages }).catch((error: unknown) => error);
    // Let the probe reach the provider (a breaker with a store claims its lease first, a microtask later).
    await vi.advanceTimersByTimeAsync(0);
    expect(primary.calls).toHaveLength(2);
    breaker.reset();
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    // Closed again: it opens on a fresh failure and goes half-open with a new probe in flight.
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ kind: 'overloaded' });
    await vi.advanceTimersByTimeAsync(1_000);
    const newProbe = router.complete({ model: 'm', messages });
    expect(breaker.state({ provider: 'primary' })).toBe('half-open');

    // The stale probe's 503 lands now (t = 5 s): it belongs to a period that reset() ended.
    await vi.advanceTimersByTimeAsync(4_000);
    expect(await staleProbe).toMatchObject({ kind: 'overloaded' });
    expect(breaker.state({ provider: 'primary' })).toBe('half-open');
    // Its slot was not given back either: the new probe still holds the only one.
    await expect(router.complete({ model: 'm', messages })).rejects.toMatchObject({ kind: 'circuit_open' });

    await vi.advanceTimersByTimeAsync(6_000);
    expect((await newProbe).text).toBe('new probe');
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    expect(primary.calls).toHaveLength(4);
    expect(events).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->closed',
      'closed->open',
      'open->half-open',
      'half-open->closed',
    ]);
  });
});

describe('circuitBreaker isFailure', () => {
  it('counts what the predicate says, with the classified error, instead of the table', async () => {
    const seen: [string, number | undefined][] = [];
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [
        mockStep.error({ status: 503 }),
        mockStep.error({ status: 503 }),
        mockStep.error({ status: 503 }),
        mockStep.error({ status: 400 }),
      ],
    });
    const breaker = circuitBreaker({
      failureThreshold: 1,
      isFailure: (error: RouterError) => {
        seen.push([error.kind, error.status]);
        return error.kind === 'bad_request';
      },
    });
    const router = createRouter({ providers: { primary }, middleware: [breaker] });
    for (let index = 0; index < 3; index++) await router.complete({ model: 'm', messages }).catch(() => {});
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
    await router.complete({ model: 'm', messages }).catch(() => {});
    expect(breaker.state({ provider: 'primary' })).toBe('open');
    expect(seen).toEqual([
      ['overloaded', 503],
      ['overloaded', 503],
      ['overloaded', 503],
      ['bad_request', 400],
    ]);
  });
});

describe('circuitBreaker half-open streams', () => {
  it('of 20 streams opened at once half-open, exactly the configured 3 reach the provider', async () => {
    const { primary, breaker, router } = await halfOpenRouter(
      Array.from({ length: 3 }, () =>
        mockStep.stream([{ type: 'text-delta', text: 'probe' }, finish], { partDelayMs: 50 }),
      ),
      3,
    );
    const outcomes = Promise.allSettled(
      Array.from({ length: 20 }, async () => {
        const stream = router.stream({ model: 'm', messages });
        let text = '';
        for await (const part of stream) if (part.type === 'text-delta') text += part.text;
        return text;
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    const settled = await outcomes;
    const served = settled.filter((outcome) => outcome.status === 'fulfilled');
    expect(served.map((outcome) => (outcome as PromiseFulfilledResult<string>).value)).toEqual([
      'probe',
      'probe',
      'probe',
    ]);
    const refused = settled.filter((outcome) => outcome.status === 'rejected') as PromiseRejectedResult[];
    expect(refused).toHaveLength(17);
    expect(refused.every((outcome) => outcome.reason.kind === 'circuit_open')).toBe(true);
    expect(primary.calls.filter((call) => call.method === 'stream')).toHaveLength(3);
    expect(breaker.state({ provider: 'primary' })).toBe('closed');
  });
});
