import { describe, expect, it } from 'vitest';
import {
  collect,
  failureOf,
  googleError,
  hi,
  useGeminiTestServer,
} from '../../../test/helpers/gemini-test-server.js';
import { sendSse } from '../../../test/helpers/local-server.js';
import { countRequestsCreated } from '../../../test/helpers/requests-created.js';
import { ApiCallError } from '../../errors/api-call-error.js';
import { CancelledError } from '../../errors/cancelled-error.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import type { StreamPart } from '../../types/stream-part.js';

const local = useGeminiTestServer();

const sse = (...chunks: unknown[]) => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('');
const textChunk = (text: string, finishReason?: string) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, ...(finishReason ? { finishReason } : {}) }],
  usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 },
  responseId: 'stream-1',
  modelVersion: 'gemini-2.5-flash',
});

describe('gemini provider: streams', () => {
  it('streams text and ends with exactly one finish part', async () => {
    local.handle = (_received, response) => sendSse(response, sse(textChunk('Hel'), textChunk('lo', 'STOP')));
    expect(await collect(local.provider().stream(hi))).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'STOP' },
        usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 },
        id: 'stream-1',
        model: 'gemini-2.5-flash',
      },
    ]);
    expect(local.server.requests[0]?.url).toBe(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('does not send the request until iterated', async () => {
    const created = countRequestsCreated();
    try {
      const iterable = local.provider().stream(hi);
      // An eager adapter would create its request now or in a microtask: one macrotask turn shows it.
      await new Promise(setImmediate);
      expect(created.count).toBe(0);
      local.handle = (_received, response) => sendSse(response, sse(textChunk('x', 'STOP')));
      await collect(iterable);
      expect(created.count).toBe(1);
      expect(local.server.requests).toHaveLength(1);
    } finally {
      created.stop();
    }
  });

  it('throws IncompleteStreamError when the connection closes before any finishReason', async () => {
    local.handle = (_received, response) => sendSse(response, sse(textChunk('Hel'), textChunk('lo')));
    const parts: StreamPart[] = [];
    const error = await failureOf(
      (async () => {
        for await (const part of local.provider().stream(hi)) parts.push(part);
      })(),
    );
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect(error).toMatchObject({ kind: 'network', provider: 'gemini', model: 'gemini-2.5-flash' });
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
    ]);
  });

  it('throws an in-stream error object with its kind, after the parts before it', async () => {
    local.handle = (_received, response) =>
      sendSse(response, sse(textChunk('Hel'), googleError(503, 'UNAVAILABLE', 'The model is overloaded.')));
    const parts: StreamPart[] = [];
    const error = await failureOf(
      (async () => {
        for await (const part of local.provider().stream(hi)) parts.push(part);
      })(),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'overloaded',
      code: 'UNAVAILABLE',
      message: 'gemini stream error: The model is overloaded.',
    });
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hel' }]);
  });

  it('classifies an in-stream quota error like the HTTP one', async () => {
    local.handle = (_received, response) =>
      sendSse(
        response,
        sse(
          googleError(429, 'RESOURCE_EXHAUSTED', 'Slow down', [
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' },
          ]),
        ),
      );
    expect(await failureOf(collect(local.provider().stream(hi)))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 3_000,
    });
  });

  it('throws a server fault for an event that is not JSON', async () => {
    local.handle = (_received, response) => sendSse(response, 'data: {"candidates":\n\n');
    expect((await failureOf(collect(local.provider().stream(hi)))).kind).toBe('server');
  });
});

describe('gemini provider: cancellation', () => {
  /** A server that answers with headers and one chunk, then holds the connection open until the client goes. */
  function hangAfterFirstChunk(): { closed: Promise<void> } {
    let closed!: () => void;
    const result = {
      closed: new Promise<void>((resolve) => {
        closed = resolve;
      }),
    };
    local.handle = (_received, response) => {
      response.on('close', () => closed());
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textChunk('first')));
    };
    return result;
  }

  it('complete(): an aborted signal throws CancelledError', async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    local.handle = () => arrived();
    const controller = new AbortController();
    const pending = local.provider().complete(hi, { signal: controller.signal });
    await received;
    controller.abort();
    const error = await failureOf(pending);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ kind: 'cancelled', provider: 'gemini', model: 'gemini-2.5-flash' });
  });

  it('stream(): aborting mid-stream throws CancelledError, or the RouterError given as the reason', async () => {
    for (const reason of [
      undefined,
      new TimeoutError({ phase: 'idle', timeoutMs: 50, provider: 'gemini' }),
    ]) {
      const { closed } = hangAfterFirstChunk();
      const controller = new AbortController();
      const parts: StreamPart[] = [];
      const error = await failureOf(
        (async () => {
          for await (const part of local.provider().stream(hi, { signal: controller.signal })) {
            parts.push(part);
            controller.abort(reason);
          }
        })(),
      );
      await closed;
      expect(parts).toEqual([{ type: 'text-delta', text: 'first' }]);
      if (reason) expect(error).toBe(reason);
      else expect(error).toBeInstanceOf(CancelledError);
    }
  });

  it('stream(): leaving the loop early closes the upstream connection', async () => {
    const { closed } = hangAfterFirstChunk();
    const parts: StreamPart[] = [];
    for await (const part of local.provider().stream(hi)) {
      parts.push(part);
      break;
    }
    expect(parts).toEqual([{ type: 'text-delta', text: 'first' }]);
    // The server holds the response open forever: only the client closing it resolves this.
    await closed;
  });
});
