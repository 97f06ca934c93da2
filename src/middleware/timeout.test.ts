import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import type { StreamPart } from '../types/stream-part.js';
import { type Middleware, wrapProvider } from './middleware.js';
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

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('timeout', () => {
  it('a hanging provider hits the timeout, its request is aborted, and the fallback serves', async () => {
    const primary = new MockProvider({ name: 'primary', models: ['m'], script: [mockStep.hang()] });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const router = createRouter({
      providers: { primary, fallback },
      fallbacks: ['fallback'],
      middleware: [timeout({ totalMs: 5_000 })],
    });
    const pending = router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(5_000);
    const response = await pending;
    expect(response.provider).toBe('fallback');
    expect(primary.calls[0]!.aborted).toBe(true);
    expect(response.trail[0]).toMatchObject({ provider: 'primary', outcome: 'error', errorKind: 'timeout' });
    expect(response.trail[0]!.latencyMs).toBeGreaterThanOrEqual(5_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a custom middleware that copies the options still hands the provider a signal the timeout aborts', async () => {
    const primary = new MockProvider({ name: 'primary', models: ['m'], script: [mockStep.hang()] });
    const addHeader: Middleware = (next) => ({
      ...wrapProvider(next),
      complete: (request, options) =>
        next.complete(request, { ...options, headers: { ...options?.headers, 'x-team': 'search' } }),
    });
    const router = createRouter({
      providers: { primary },
      middleware: [timeout({ totalMs: 2_000 }), addHeader],
    });
    const pending = router.complete({ model: 'm', messages }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await pending).toMatchObject({ kind: 'timeout', phase: 'total' });
    expect(primary.calls[0]!.aborted).toBe(true);
    expect(primary.calls[0]!.options?.headers).toEqual({ 'x-team': 'search' });
  });

  it('a provider that ignores its signal still times out on time', async () => {
    const deaf = new MockProvider({ name: 'deaf', models: ['m'] });
    deaf.complete = () => new Promise(() => {});
    const router = createRouter({ providers: { deaf }, middleware: [timeout({ totalMs: 1_000 })] });
    const pending = router.complete({ model: 'm', messages }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toMatchObject({ name: 'TimeoutError', kind: 'timeout', phase: 'total' });
  });

  it('after retry, each attempt gets its own timeout, and a timeout is retried', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.hang(), mockStep.reply('second')],
    });
    const router = createRouter({
      providers: { primary },
      middleware: [retry({ attempts: 2, baseDelayMs: 100, random: () => 0 }), timeout({ totalMs: 1_000 })],
    });
    const pending = router.complete({ model: 'm', messages });
    await vi.advanceTimersByTimeAsync(1_000);
    const response = await pending;
    expect(response.text).toBe('second');
    expect(response.trail.map((attempt) => attempt.errorKind ?? 'ok')).toEqual(['timeout', 'ok']);
  });

  it('first-content deadline on a stream falls back before anything reached the caller', async () => {
    const slow = new MockProvider({
      name: 'slow',
      models: ['m'],
      script: [mockStep.stream([{ type: 'text-delta', text: 'late' }, finish], { partDelayMs: 3_000 })],
    });
    const fast = new MockProvider({ name: 'fast', models: ['f'] });
    const router = createRouter({
      providers: { slow, fast },
      fallbacks: ['fast'],
      middleware: [timeout({ firstContentMs: 2_000 })],
    });
    const stream = router.stream({ model: 'm', messages });
    const parts = collect(stream);
    await vi.advanceTimersByTimeAsync(2_000);
    const received = await parts;
    expect(
      received
        .filter((part) => part.type === 'text-delta')
        .map((part) => (part as { text: string }).text)
        .join(''),
    ).toBe('Hello from fast');
    expect(slow.calls[0]!.aborted).toBe(true);
    expect(stream.trail.map((attempt) => [attempt.provider, attempt.errorKind ?? 'ok'])).toEqual([
      ['slow', 'timeout'],
      ['fast', 'ok'],
    ]);
  });

  it('idle deadline: a stream that stalls after content surfaces a typed timeout with the partial text', async () => {
    const staller = new MockProvider({
      name: 'staller',
      models: ['m'],
      script: [mockStep.stream([{ type: 'text-delta', text: 'Hello, ' }, finish], { hangAfter: 1 })],
    });
    const router = createRouter({
      providers: { staller },
      middleware: [timeout({ firstContentMs: 1_000, idleMs: 500 })],
    });
    const stream = router.stream({ model: 'm', messages });
    const outcome = collect(stream).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    const error = (await outcome) as {
      name: string;
      kind: string;
      partial: { text: string };
      cause: { phase: string };
    };
    expect(error.name).toBe('StreamInterruptedError');
    expect(error.kind).toBe('timeout');
    expect(error.cause.phase).toBe('idle');
    expect(error.partial.text).toBe('Hello, ');
    expect(staller.calls[0]!.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('time the caller spends holding a part does not count as provider idle time', async () => {
    const provider = new MockProvider({
      name: 'p',
      models: ['m'],
      script: [
        mockStep.stream([{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }, finish]),
      ],
    });
    const router = createRouter({ providers: { p: provider }, middleware: [timeout({ idleMs: 100 })] });
    const texts: string[] = [];
    for await (const part of router.stream({ model: 'm', messages })) {
      if (part.type === 'text-delta') texts.push(part.text);
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(texts).toEqual(['a', 'b']);
  });
});
