import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter, retry, type StreamInterruptedError, type StreamPart } from '../src/index.js';
import { MockProvider, mockStep } from '../src/testing/index.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const finish: StreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'end_turn' },
  usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
  id: 'resp-1',
  model: 'served-model',
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function textOf(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

describe('router.stream', () => {
  it('yields typed parts and aggregates the final response with usage and trail', async () => {
    const provider = new MockProvider({
      name: 'p',
      models: ['m'],
      script: [
        mockStep.stream([
          { type: 'reasoning-delta', text: 'thinking' },
          { type: 'text-delta', text: 'Hel' },
          { type: 'text-delta', text: 'lo' },
          { type: 'tool-call-delta', index: 0, id: 'c1', name: 'lookup', argumentsDelta: '{"q":' },
          { type: 'tool-call-delta', index: 0, id: 'c1', name: 'lookup', argumentsDelta: '1}' },
          { type: 'tool-call', index: 0, toolCall: { id: 'c1', name: 'lookup', arguments: '{"q":1}' } },
          finish,
        ]),
      ],
    });
    const router = createRouter({ providers: { p: provider } });
    const stream = router.stream({ model: 'm', messages });
    const parts: StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.map((part) => part.type)).toEqual([
      'reasoning-delta',
      'text-delta',
      'text-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call',
      'finish',
    ]);
    const response = await stream.response;
    expect(response).toMatchObject({
      id: 'resp-1',
      provider: 'p',
      model: 'served-model',
      text: 'Hello',
      reasoningText: 'thinking',
      toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"q":1}' }],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
    });
    expect(response.choices[0].message.content).toBe('Hello');
    expect(response.trail).toHaveLength(1);
    expect(response.trail[0]).toMatchObject({ provider: 'p', outcome: 'success', usage: finish.usage });
    expect(response.trail[0]!.timeToFirstContentMs).toBeGreaterThanOrEqual(0);
  });

  it('awaiting response alone consumes the stream', async () => {
    const router = createRouter({ providers: { p: new MockProvider({ name: 'p', models: ['m'] }) } });
    const response = await router.stream({ model: 'm', messages }).response;
    expect(response.text).toBe('Hello from p');
  });

  it('a failure before content falls back with no trace in the parts the caller sees', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [mockStep.stream([], { failAfter: 0, error: { status: 529, kind: 'overloaded' } })],
    });
    const fallback = new MockProvider({
      name: 'fallback',
      models: ['f'],
      script: [mockStep.stream([{ type: 'text-delta', text: 'from fallback' }, finish])],
    });
    const router = createRouter({ providers: { primary, fallback }, fallbacks: ['fallback'] });
    const stream = router.stream({ model: 'm', messages });
    const parts: StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts).toEqual([{ type: 'text-delta', text: 'from fallback' }, finish]);
    expect(fallback.calls[0]!.request.model).toBe('f');
    expect(
      stream.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind ?? 'ok']),
    ).toEqual([
      ['primary', 'primary', 'overloaded'],
      ['fallback', 'fallback', 'ok'],
    ]);
  });

  it('retries a stream that fails before content, invisibly', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [
        mockStep.error({ status: 503 }),
        mockStep.stream([{ type: 'text-delta', text: 'second try' }, finish]),
      ],
    });
    const router = createRouter({
      providers: { primary },
      middleware: [retry({ attempts: 2, baseDelayMs: 10, random: () => 0 })],
    });
    const stream = router.stream({ model: 'm', messages });
    const parts: StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(textOf(parts)).toBe('second try');
    expect(stream.trail.map((attempt) => attempt.reason)).toEqual(['primary', 'retry']);
  });

  it('a failure after content surfaces a typed error with the partial text, and is neither retried nor replayed', async () => {
    const primary = new MockProvider({
      name: 'primary',
      models: ['m'],
      script: [
        mockStep.stream(
          [
            { type: 'text-delta', text: 'The answer ' },
            { type: 'text-delta', text: 'is' },
            { type: 'tool-call', index: 0, toolCall: { id: 't', name: 'x', arguments: '{}' } },
          ],
          { failAfter: 3, error: { status: 500, message: 'boom' } },
        ),
      ],
    });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const router = createRouter({
      providers: { primary, fallback },
      fallbacks: ['fallback'],
      middleware: [retry({ attempts: 3 })],
    });
    const stream = router.stream({ model: 'm', messages });
    const parts: StreamPart[] = [];
    const error = (await (async () => {
      for await (const part of stream) parts.push(part);
    })().catch((thrown: unknown) => thrown)) as StreamInterruptedError;
    expect(textOf(parts)).toBe('The answer is');
    expect(error.name).toBe('StreamInterruptedError');
    expect(error.kind).toBe('server');
    expect(error.partial.text).toBe('The answer is');
    expect(error.partial.toolCalls).toEqual([{ id: 't', name: 'x', arguments: '{}' }]);
    expect(error.trail).toHaveLength(1);
    expect(primary.calls).toHaveLength(1);
    expect(fallback.calls).toHaveLength(0);
    await expect(stream.response).rejects.toBe(error);
  });

  it('a stream that ends without a finish part, before content, falls back instead of passing as an empty answer', async () => {
    const primary = new MockProvider({ name: 'primary', models: ['m'], script: [mockStep.stream([])] });
    const fallback = new MockProvider({ name: 'fallback', models: ['f'] });
    const router = createRouter({ providers: { primary, fallback }, fallbacks: ['fallback'] });
    const response = await router.stream({ model: 'm', messages }).response;
    expect(response.provider).toBe('fallback');
    expect(response.trail[0]).toMatchObject({ provider: 'primary', errorKind: 'network', outcome: 'error' });
  });

  it('breaking out of the loop aborts the upstream request and records the attempt as cancelled', async () => {
    const provider = new MockProvider({
      name: 'p',
      models: ['m'],
      script: [
        mockStep.stream([
          { type: 'text-delta', text: 'one' },
          { type: 'text-delta', text: 'two' },
          { type: 'text-delta', text: 'three' },
          finish,
        ]),
      ],
    });
    const router = createRouter({ providers: { p: provider } });
    const stream = router.stream({ model: 'm', messages });
    for await (const part of stream) {
      if (part.type === 'text-delta') break;
    }
    const call = provider.calls[0]!;
    expect(call.aborted).toBe(true);
    expect(call.settled).toBe(true);
    expect(call.options?.signal?.aborted).toBe(true);
    expect(stream.trail).toMatchObject([{ outcome: 'error', errorKind: 'cancelled' }]);
    await expect(stream.response).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('abort() on the stream and the caller signal both end a hanging stream with a cancellation', async () => {
    const provider = new MockProvider({ name: 'p', models: ['m'], fallback: mockStep.hang() });
    const router = createRouter({ providers: { p: provider } });
    const first = router.stream({ model: 'm', messages });
    const firstOutcome = first.response.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    first.abort();
    expect(await firstOutcome).toMatchObject({ kind: 'cancelled' });

    const controller = new AbortController();
    const second = router.stream({ model: 'm', messages }, { signal: controller.signal });
    const secondOutcome = second.response.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await secondOutcome).toMatchObject({ kind: 'cancelled' });
    expect(provider.calls.every((call) => call.aborted)).toBe(true);
  });

  it('a router stream can be iterated only once', async () => {
    const router = createRouter({ providers: { p: new MockProvider({ name: 'p', models: ['m'] }) } });
    const stream = router.stream({ model: 'm', messages });
    for await (const _part of stream) {
      // consume
    }
    expect(() => stream[Symbol.asyncIterator]()).toThrow('only once');
  });
});
