import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiCallError } from '../errors/api-call-error.js';
import type { CompletionRequest } from '../types/request.js';
import { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import { MockProvider } from './mock-provider.js';
import { mockStep } from './mock-steps.js';

const request: CompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
const finish: StreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Reads a stream to its end, keeping the parts seen before any error. */
async function drain(stream: AsyncIterable<StreamPart>, parts: StreamPart[] = []): Promise<StreamPart[]> {
  for await (const part of stream) parts.push(part);
  return parts;
}

/** Settles-or-not probe: `undefined` while the promise is still pending. */
function track<T>(promise: Promise<T>): { readonly result: { value?: T; error?: unknown } | undefined } {
  let result: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      result = { value };
    },
    (error: unknown) => {
      result = { error };
    },
  );
  return {
    get result() {
      return result;
    },
  };
}

describe('MockProvider reply step', () => {
  it('complete() answers with the text, tool calls, reasoning, usage and finish reason given', async () => {
    const mock = new MockProvider({
      script: [
        mockStep.reply('Paris', { reasoning: 'capital', usage: { inputTokens: 7, outputTokens: 1 } }),
        { type: 'reply', toolCalls: [{ name: 'lookup', arguments: { city: 'Paris' } }] },
      ],
    });
    const first = await mock.complete(request);
    expect(first.text).toBe('Paris');
    expect(first.reasoningText).toBe('capital');
    expect(first.finishReason.unified).toBe('stop');
    expect(first.usage).toMatchObject({ inputTokens: 7, outputTokens: 1, totalTokens: 8 });
    expect(first.provider).toBe('mock');

    const second = await mock.complete(request);
    expect(second.choices[0].message.content).toBeNull();
    expect(second.toolCalls).toEqual([{ id: 'call_0', name: 'lookup', arguments: '{"city":"Paris"}' }]);
    expect(second.finishReason.unified).toBe('tool_calls');
  });

  it('stream() cuts the text one delta per word, or into `chunks` pieces, and ends with a finish part', async () => {
    const mock = new MockProvider({
      script: [mockStep.reply('one two three'), mockStep.reply('abcdef', { chunks: 3 })],
    });
    const words = await drain(mock.stream(request));
    expect(words).toEqual([
      { type: 'text-delta', text: 'one ' },
      { type: 'text-delta', text: 'two ' },
      { type: 'text-delta', text: 'three' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: expect.any(Object) },
    ]);
    const chunks = await drain(mock.stream(request));
    expect(chunks.filter((part) => part.type === 'text-delta').map((part) => part.text)).toEqual([
      'ab',
      'cd',
      'ef',
    ]);
  });

  it('waits delayMs before answering and partDelayMs between parts', async () => {
    const delayed = new MockProvider({ script: [mockStep.reply('late', { delayMs: 1_000 })] });
    const answer = track(delayed.complete(request));
    await vi.advanceTimersByTimeAsync(999);
    expect(answer.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer.result?.value?.text).toBe('late');

    const mock = new MockProvider({ script: [mockStep.reply('a b', { partDelayMs: 100 })] });
    const parts: StreamPart[] = [];
    const reading = drain(mock.stream(request), parts);
    await vi.advanceTimersByTimeAsync(100);
    expect(parts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await reading;
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'text-delta', 'finish']);
  });
});

describe('MockProvider error step', () => {
  it('derives the kind from the status, keeps an explicit kind, retryAfterMs and shouldRetry', async () => {
    const mock = new MockProvider({
      name: 'p',
      script: [
        mockStep.error({ status: 503 }),
        mockStep.error({ status: 429, retryAfterMs: 1_500, shouldRetry: false }),
        mockStep.error({ status: 400, kind: 'context_length', message: 'too long' }),
        mockStep.error({}),
      ],
    });
    const errors = [];
    for (let index = 0; index < 4; index++) errors.push(await mock.complete(request).catch((error) => error));
    expect(errors.map((error) => error.kind)).toEqual([
      'overloaded',
      'rate_limited',
      'context_length',
      'server',
    ]);
    expect(errors[1]).toMatchObject({
      status: 429,
      retryAfterMs: 1_500,
      shouldRetry: false,
      provider: 'p',
      model: 'm',
    });
    expect(errors[2].message).toContain('too long');
    expect(errors.every((error) => RouterError.isInstance(error))).toBe(true);
  });

  it('throws a ready RouterError as is, from complete() and stream(), after delayMs', async () => {
    const ready = new ApiCallError({
      message: 'slow down',
      kind: 'rate_limited',
      provider: 'x',
      retryAfterMs: 10,
    });
    const mock = new MockProvider({
      script: [mockStep.error(ready), mockStep.error(ready, { delayMs: 50 })],
    });
    await expect(mock.complete(request)).rejects.toBe(ready);
    const streamed = track(drain(mock.stream(request)));
    await vi.advanceTimersByTimeAsync(49);
    expect(streamed.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(streamed.result?.error).toBe(ready);
  });
});

describe('MockProvider hang step', () => {
  it('never answers until the signal aborts, then rejects with a cancellation', async () => {
    const mock = new MockProvider({ script: [mockStep.hang(), mockStep.hang()] });
    const controller = new AbortController();
    const completion = track(mock.complete(request, { signal: controller.signal }));
    const streamed = track(drain(mock.stream(request, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(completion.result).toBeUndefined();
    expect(streamed.result).toBeUndefined();
    expect(mock.calls.map((call) => call.settled)).toEqual([false, false]);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(completion.result?.error).toMatchObject({ kind: 'cancelled' });
    expect(streamed.result?.error).toMatchObject({ kind: 'cancelled' });
    expect(mock.calls.map((call) => [call.aborted, call.settled])).toEqual([
      [true, true],
      [true, true],
    ]);
  });
});

describe('MockProvider stream step', () => {
  const parts: StreamPart[] = [{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }, finish];

  it('yields exactly the scripted parts', async () => {
    const mock = new MockProvider({ script: [mockStep.stream(parts)] });
    expect(await drain(mock.stream(request))).toEqual(parts);
  });

  it('failAfter N fails after N parts with a network reset by default, or the given error', async () => {
    const mock = new MockProvider({
      script: [
        mockStep.stream(parts, { failAfter: 1 }),
        mockStep.stream(parts, { failAfter: 3, error: { status: 500 } }),
      ],
    });
    const seen: StreamPart[] = [];
    const first = await drain(mock.stream(request), seen).catch((error) => error);
    expect(seen).toEqual([parts[0]]);
    expect(first.kind).toBe('network');
    const all: StreamPart[] = [];
    const second = await drain(mock.stream(request), all).catch((error) => error);
    expect(all).toEqual(parts);
    expect(second).toMatchObject({ kind: 'server', status: 500 });
  });

  it('hangAfter N stalls after N parts until aborted, also when N is the number of parts', async () => {
    for (const hangAfter of [1, parts.length]) {
      const mock = new MockProvider({ script: [mockStep.stream(parts, { hangAfter })] });
      const controller = new AbortController();
      const seen: StreamPart[] = [];
      const reading = track(drain(mock.stream(request, { signal: controller.signal }), seen));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(seen).toEqual(parts.slice(0, hangAfter));
      expect(reading.result).toBeUndefined();
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect(reading.result?.error).toMatchObject({ kind: 'cancelled' });
    }
  });

  it('complete() on a stream step collects the parts, and honours failAfter and hangAfter', async () => {
    const mock = new MockProvider({
      script: [
        mockStep.stream(parts),
        mockStep.stream(parts, { failAfter: 3 }),
        mockStep.stream(parts, { hangAfter: 3 }),
      ],
    });
    const response = await mock.complete(request);
    expect(response.text).toBe('ab');
    expect(response.usage.totalTokens).toBe(5);
    await expect(mock.complete(request)).rejects.toMatchObject({ kind: 'network' });
    const controller = new AbortController();
    const hanging = track(mock.complete(request, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hanging.result).toBeUndefined();
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(hanging.result?.error).toMatchObject({ kind: 'cancelled' });
  });

  it('marks a stream the consumer left early as abandoned and aborted', async () => {
    const mock = new MockProvider({ script: [mockStep.stream(parts), mockStep.stream(parts)] });
    for await (const _part of mock.stream(request)) break;
    await drain(mock.stream(request));
    expect(mock.calls.map((call) => [call.abandoned, call.aborted, call.settled])).toEqual([
      [true, true, true],
      [false, false, true],
    ]);
  });
});

describe('MockProvider script, fallback and records', () => {
  it('answers in script order, then from enqueue(), then from the fallback', async () => {
    const byFunction = new MockProvider({
      name: 'f',
      script: [mockStep.reply('first')],
      fallback: (call, index) => mockStep.reply(`${call.model} #${index}`),
    });
    byFunction.enqueue(mockStep.reply('queued'));
    const texts = [];
    for (let index = 0; index < 4; index++) texts.push((await byFunction.complete(request)).text);
    expect(texts).toEqual(['first', 'queued', 'm #2', 'm #3']);
    expect(byFunction.calls.map((call) => [call.index, call.method])).toEqual([
      [0, 'complete'],
      [1, 'complete'],
      [2, 'complete'],
      [3, 'complete'],
    ]);
    expect((await new MockProvider({ name: 'plain' }).complete(request)).text).toBe('Hello from plain');
    const byStep = new MockProvider({ fallback: mockStep.error({ status: 401 }) });
    await expect(byStep.complete(request)).rejects.toMatchObject({ kind: 'auth' });
  });

  it('records the request and options of each call, and declares the capabilities given', async () => {
    const controller = new AbortController();
    const mock = new MockProvider({ models: ['a', 'b'], capabilities: { tools: false } });
    await mock.complete(request, { signal: controller.signal });
    expect(mock.calls[0]!.request).toBe(request);
    expect(mock.calls[0]!.options?.signal).toBe(controller.signal);
    expect(mock.models).toEqual(['a', 'b']);
    expect(mock.capabilities.tools).toBe(false);
    expect(mock.capabilities.streaming).toBe(true);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const mock = new MockProvider({ script: [mockStep.reply('never')] });
    await expect(mock.complete(request, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'cancelled',
    });
  });
});
