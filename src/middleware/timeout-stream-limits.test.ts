import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import type { StreamPart } from '../types/stream-part.js';
import { retry } from './retry.js';
import { timeout } from './timeout.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const finish: StreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** What the tests read off a thrown router error. */
interface CaughtError {
  name: string;
  kind: string;
  cause?: { name: string; phase?: string; timeoutMs?: number };
  partial: { text: string };
  phase?: string;
  timeoutMs?: number;
}

/** Reads a stream to its end; resolves with the text and when (fake time) it ended, or with the error. */
async function read(stream: AsyncIterable<StreamPart>) {
  let text = '';
  try {
    for await (const part of stream) if (part.type === 'text-delta') text += part.text;
    return { text, endedAt: Date.now() };
  } catch (error) {
    return { text, endedAt: Date.now(), error: error as CaughtError };
  }
}

function slowStream(partDelayMs: number) {
  return mockStep.stream(
    [{ type: 'text-delta', text: 'Hello, ' }, { type: 'text-delta', text: 'world' }, finish],
    { partDelayMs },
  );
}

describe('timeout({ totalMs }) alone on a stream', () => {
  it('firing before the first part, the attempt is retried invisibly', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [slowStream(2_000), slowStream(10)],
    });
    const router = createRouter({
      providers: { primary },
      middleware: [retry({ attempts: 2, baseDelayMs: 100, random: () => 0 }), timeout({ totalMs: 1_000 })],
    });
    const startedAt = Date.now();
    const stream = router.stream({ model: 'm', messages });
    const outcome = read(stream);
    await vi.advanceTimersByTimeAsync(1_100);
    const result = await outcome;
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Hello, world');
    // 1,000 ms for the timed-out attempt, no backoff (random 0), then two 10 ms parts and the finish.
    expect(result.endedAt - startedAt).toBe(1_030);
    expect(primary.calls[0]!.aborted).toBe(true);
    expect(stream.trail.map((attempt) => [attempt.reason, attempt.outcome, attempt.errorKind])).toEqual([
      ['primary', 'error', 'timeout'],
      ['retry', 'success', undefined],
    ]);
  });

  it('firing before the first part, the fallback serves', async () => {
    const slow = new MockProvider({ name: 'slow', models: ['m'], script: [slowStream(2_000)] });
    const fast = new MockProvider({ name: 'fast', models: ['f'] });
    const router = createRouter({
      providers: { slow, fast },
      fallbacks: ['fast'],
      middleware: [timeout({ totalMs: 1_000 })],
    });
    const startedAt = Date.now();
    const stream = router.stream({ model: 'm', messages });
    const outcome = read(stream);
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await outcome;
    expect(result.text).toBe('Hello from fast');
    expect(result.endedAt - startedAt).toBe(1_000);
    expect(slow.calls[0]!.aborted).toBe(true);
    expect(stream.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind])).toEqual([
      ['slow', 'primary', 'timeout'],
      ['fast', 'fallback', undefined],
    ]);
  });

  it('firing after content, the caller gets a StreamInterruptedError with the partial text, not a retry', async () => {
    const primary = new MockProvider({ name: 'primary', models: ['m'], script: [slowStream(600)] });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const router = createRouter({
      providers: { primary, fallback },
      fallbacks: ['fallback'],
      middleware: [retry({ attempts: 3, baseDelayMs: 1, random: () => 0 }), timeout({ totalMs: 1_000 })],
    });
    const startedAt = Date.now();
    const stream = router.stream({ model: 'm', messages });
    const outcome = read(stream);
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await outcome;
    expect(result.endedAt - startedAt).toBe(1_000);
    expect(result.text).toBe('Hello, ');
    expect(result.error).toMatchObject({ name: 'StreamInterruptedError', kind: 'timeout' });
    expect(result.error!.cause).toMatchObject({ name: 'TimeoutError', phase: 'total', timeoutMs: 1_000 });
    expect(result.error!.partial.text).toBe('Hello, ');
    expect(primary.calls).toHaveLength(1);
    expect(primary.calls[0]!.aborted).toBe(true);
    expect(fallback.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('deadlineMs on router.stream', () => {
  it('bounds all retries and fallbacks: the call ends at the deadline, whichever attempt is running', async () => {
    const primary = new MockProvider({ name: 'primary', models: ['m'], fallback: mockStep.hang() });
    const spare = new MockProvider({ name: 'spare', models: ['s'], fallback: mockStep.hang() });
    const router = createRouter({
      providers: { primary, spare },
      fallbacks: ['spare'],
      // Each attempt may take 400 ms; three of them on each target would need 2.4 s.
      middleware: [retry({ attempts: 3, baseDelayMs: 1, random: () => 0 }), timeout({ totalMs: 400 })],
    });
    const startedAt = Date.now();
    const stream = router.stream({ model: 'm', messages }, { deadlineMs: 1_000 });
    const outcome = read(stream);
    await vi.advanceTimersByTimeAsync(999);
    expect(primary.calls.length + spare.calls.length).toBeGreaterThan(0);
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await outcome;

    expect(result.endedAt - startedAt).toBe(1_000);
    expect(result.text).toBe('');
    expect(result.error).toMatchObject({ kind: 'timeout' });
    // The caller sees the call's own deadline, not the last attempt's 400 ms timeout.
    expect(result.error).toMatchObject({ name: 'TimeoutError', phase: 'deadline', timeoutMs: 1_000 });
    // Attempts at 0, 400 and 800 ms on the primary; the third is cut by the deadline, and no target is
    // tried after it.
    expect(stream.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind])).toEqual([
      ['primary', 'primary', 'timeout'],
      ['primary', 'retry', 'timeout'],
      ['primary', 'retry', 'timeout'],
    ]);
    expect(primary.calls).toHaveLength(3);
    expect(primary.calls.every((call) => call.aborted)).toBe(true);
    expect(spare.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a fallback started before the deadline is cut off by it too', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      fallback: mockStep.error({ status: 503 }),
    });
    const spare = new MockProvider({ name: 'spare', models: ['s'], fallback: slowStream(800) });
    const router = createRouter({
      providers: { primary, spare },
      fallbacks: ['spare'],
      middleware: [retry({ attempts: 2, baseDelayMs: 300, random: () => 0.999 })],
    });
    const startedAt = Date.now();
    const stream = router.stream({ model: 'm', messages }, { deadlineMs: 1_000 });
    const outcome = read(stream);
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await outcome;
    // The primary fails at once, waits ~300 ms, fails again; the spare's first part would arrive at ~300 ms
    // + its own 800 ms, which the deadline never lets happen.
    expect(result.endedAt - startedAt).toBe(1_000);
    expect(result.text).toBe('');
    expect(result.error).toMatchObject({ name: 'TimeoutError', phase: 'deadline', timeoutMs: 1_000 });
    expect(stream.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind])).toEqual([
      ['primary', 'primary', 'overloaded'],
      ['primary', 'retry', 'overloaded'],
      ['spare', 'fallback', 'timeout'],
    ]);
    expect(spare.calls[0]!.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
