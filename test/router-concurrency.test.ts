import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Attempt, circuitBreaker, createRouter, RouterError, retry, timeout } from '../src/index.js';
import { MockProvider, type MockStep, mockStep } from '../src/testing/index.js';

/** Small deterministic PRNG so a failure here can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) % 4_294_967_296;
    return state / 4_294_967_296;
  };
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  vi.useFakeTimers();
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  vi.useRealTimers();
});

function checkTrail(trail: readonly Attempt[], succeeded: boolean): void {
  expect(trail.map((attempt) => attempt.ordinal)).toEqual(trail.map((_, index) => index + 1));
  const successes = trail.filter((attempt) => attempt.outcome === 'success');
  expect(successes).toHaveLength(succeeded ? 1 : 0);
  if (succeeded) expect(trail.at(-1)!.outcome).toBe('success');
  for (const attempt of trail) {
    if (attempt.outcome !== 'success') expect(attempt.errorKind).toBeDefined();
    expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
  }
}

describe('1,000 concurrent calls against providers failing at random', () => {
  it('each settles exactly once with a consistent trail, and nothing is left behind', async () => {
    const random = seeded(42);
    const randomStep = (): MockStep => {
      const roll = random();
      if (roll < 0.35) return mockStep.reply('ok', { delayMs: Math.floor(random() * 50), partDelayMs: 1 });
      if (roll < 0.5) return mockStep.error({ status: 503 }, { delayMs: Math.floor(random() * 20) });
      if (roll < 0.6) return mockStep.error({ status: 429, retryAfterMs: 30 });
      if (roll < 0.65) return mockStep.error({ status: 400 });
      if (roll < 0.7) return mockStep.error({ status: 401 });
      if (roll < 0.8) return mockStep.hang();
      return mockStep.stream([{ type: 'text-delta', text: 'half' }], { failAfter: 1, partDelayMs: 5 });
    };
    const providers = {
      a: new MockProvider({ name: 'a', models: ['ma'], fallback: randomStep }),
      b: new MockProvider({ name: 'b', models: ['mb'], fallback: randomStep }),
      c: new MockProvider({ name: 'c', models: ['mc'], fallback: randomStep }),
    };
    let attemptsHooked = 0;
    const router = createRouter({
      providers,
      hooks: { onAttempt: () => attemptsHooked++ },
      fallbacks: ['b', 'c'],
      middleware: [
        retry({ attempts: 2, baseDelayMs: 10, random }),
        circuitBreaker({ failureThreshold: 20, cooldownMs: 200, halfOpenProbes: 2 }),
        timeout({ totalMs: 100, firstContentMs: 80, idleMs: 40 }),
      ],
    });

    const signals: AbortSignal[] = [];
    const outcomes = Array.from({ length: 1_000 }, (_, index) => {
      const controller = new AbortController();
      signals.push(controller.signal);
      if (index % 50 === 0) setTimeout(() => controller.abort(), 5);
      const options = { signal: controller.signal, deadlineMs: 1_000 };
      const request = { model: 'ma', messages: [{ role: 'user' as const, content: `call ${index}` }] };
      const run =
        index % 3 === 0
          ? (async () => {
              const stream = router.stream(request, options);
              for await (const _part of stream) {
                // consume every part
              }
              return stream.response;
            })()
          : router.complete(request, options);
      return run.then(
        (response) => ({ ok: true as const, response, trail: response.trail }),
        (error: unknown) => ({ ok: false as const, error, trail: (error as RouterError).trail }),
      );
    });
    await vi.advanceTimersByTimeAsync(5_000);
    const results = await Promise.all(outcomes);

    // Each call's trail is its own: one record per upstream call it made (skipped targets are never
    // sent), and the hook hears each record exactly once.
    const upstreamCalls = new Map<string, number>();
    for (const call of [...providers.a.calls, ...providers.b.calls, ...providers.c.calls]) {
      const content = String(call.request.messages[0]!.content);
      upstreamCalls.set(content, (upstreamCalls.get(content) ?? 0) + 1);
    }
    let succeeded = 0;
    results.forEach((result, index) => {
      expect(result.trail).toBeDefined();
      const trail = result.trail!;
      const sent = trail.filter((attempt) => attempt.outcome !== 'skipped').length;
      expect(upstreamCalls.get(`call ${index}`) ?? 0, `upstream calls of call ${index}`).toBe(sent);
      if (result.ok) {
        succeeded++;
        checkTrail(trail, true);
        expect(result.response.provider).toBe(trail.at(-1)!.provider);
      } else {
        expect(RouterError.isInstance(result.error)).toBe(true);
        checkTrail(trail, false);
      }
    });
    expect(attemptsHooked).toBe(results.reduce((sum, result) => sum + result.trail!.length, 0));
    // The scenario mixes outcomes; both kinds must be present for the test to mean anything.
    expect(succeeded).toBeGreaterThan(100);
    expect(1_000 - succeeded).toBeGreaterThan(100);
    expect(unhandled).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    for (const signal of signals) expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    const calls = [...providers.a.calls, ...providers.b.calls, ...providers.c.calls];
    expect(calls.every((call) => call.settled || call.aborted)).toBe(true);
  });
});
