import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, sendSse, startLocalServer } from '../../../test/helpers/local-server.js';
import { countRequestsCreated } from '../../../test/helpers/requests-created.js';
import { ApiCallError } from '../../errors/api-call-error.js';
import { CancelledError } from '../../errors/cancelled-error.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import type { RouterError } from '../../types/router-error.js';
import type { StreamPart } from '../../types/stream-part.js';
import { openai } from './openai-provider.js';

let server: LocalServer;
let respond: (response: ServerResponse) => void;

beforeAll(async () => {
  server = await startLocalServer((_received, response) => respond(response));
});
afterAll(() => server.close());

const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };
const provider = () => openai({ apiKey: 'sk-test-stream-000000', baseURL: server.url });

function data(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function delta(content: string) {
  return data({
    id: 'chatcmpl-s',
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });
}

const finish = data({
  id: 'chatcmpl-s',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
});
const usage = data({
  id: 'chatcmpl-s',
  model: 'gpt-4o-mini',
  choices: [],
  usage: { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 },
});

async function collect(iterable: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

async function failure(
  iterable: AsyncIterable<StreamPart>,
): Promise<{ error: RouterError; parts: StreamPart[] }> {
  const parts: StreamPart[] = [];
  try {
    for await (const part of iterable) parts.push(part);
  } catch (error) {
    return { error: error as RouterError, parts };
  }
  throw new Error('expected the stream to fail');
}

/** Opens an SSE response, writes `first`, and keeps the connection open; resolves when the client closes it. */
function holdOpen(first: string): Promise<void> {
  return new Promise((resolve) => {
    respond = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(first);
      response.on('close', () => resolve());
    };
  });
}

describe('openai stream', () => {
  it('asks for a usage chunk and ends with one finish part carrying it', async () => {
    respond = (response) =>
      sendSse(response, `${delta('Hel')}${delta('lo')}${finish}${usage}data: [DONE]\n\n`);
    const parts = await collect(provider().stream(request));
    expect(server.requests.at(-1)?.json).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 8, outputTokens: 2, totalTokens: 10 },
        id: 'chatcmpl-s',
        model: 'gpt-4o-mini',
      },
    ]);
  });

  it('sends nothing until the stream is iterated', async () => {
    respond = (response) => sendSse(response, `${finish}data: [DONE]\n\n`);
    const before = server.requests.length;
    const created = countRequestsCreated();
    try {
      const stream = provider().stream(request);
      // An eager adapter would create its request now or in a microtask: one macrotask turn shows it.
      await new Promise(setImmediate);
      expect(created.count).toBe(0);
      await collect(stream);
      expect(created.count).toBe(1);
      expect(server.requests.length).toBe(before + 1);
    } finally {
      created.stop();
    }
  });

  it('ignores keep-alive comments and Azure-style empty chunks', async () => {
    respond = (response) =>
      sendSse(
        response,
        `: OPENROUTER PROCESSING\n\n${data({ id: '', model: '', choices: [] })}${delta('Hi')}: ping\n\n${finish}data: [DONE]\n\n`,
      );
    const parts = await collect(provider().stream(request));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'finish']);
  });

  it('throws the in-band error event with its kind, after the parts that came before it', async () => {
    respond = (response) =>
      sendSse(
        response,
        `${delta('Hel')}${data({ error: { message: 'Overloaded', type: 'overloaded_error', code: null } })}`,
      );
    const { error, parts } = await failure(provider().stream(request));
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hel' }]);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'overloaded', provider: 'openai', model: 'gpt-4o-mini' });
    expect(error.message).toBe('openai stream error: Overloaded');
  });

  it('classifies a mid-stream error chunk that names an HTTP status (OpenRouter)', async () => {
    respond = (response) =>
      sendSse(
        response,
        `${delta('Hel')}${data({ id: 'x', error: { code: 502, message: 'Provider returned error' }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}`,
      );
    const { error } = await failure(provider().stream(request));
    expect(error).toMatchObject({ kind: 'server', message: 'openai stream error: Provider returned error' });
  });

  it('fails with IncompleteStreamError when the stream ends with neither a finish reason nor [DONE]', async () => {
    respond = (response) => sendSse(response, `${delta('Hel')}${delta('lo')}`);
    const { error, parts } = await failure(provider().stream(request));
    expect(parts).toHaveLength(2);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect(error).toMatchObject({ kind: 'network', provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('accepts a stream that gave a finish reason but closed before [DONE]', async () => {
    respond = (response) => sendSse(response, `${delta('Hi')}${finish}`);
    const parts = await collect(provider().stream(request));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' } });
  });

  it('throws the HTTP error before any part when the stream cannot open', async () => {
    respond = (response) =>
      sendJson(
        response,
        429,
        { error: { message: 'Slow down', type: 'requests', code: 'rate_limit_exceeded' } },
        { 'retry-after': '3' },
      );
    const { error, parts } = await failure(provider().stream(request));
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 3_000 });
  });

  it('reports a chunk that is not JSON as a server fault', async () => {
    respond = (response) => sendSse(response, `${delta('Hi')}data: {"choices": [\n\n`);
    const { error } = await failure(provider().stream(request));
    expect(error).toMatchObject({ kind: 'server', provider: 'openai' });
  });

  it('throws CancelledError when the signal aborts mid-stream, and the server sees the connection close', async () => {
    const closed = holdOpen(delta('Hel'));
    const controller = new AbortController();
    const { error, parts } = await failure(
      (async function* () {
        for await (const part of provider().stream(request, { signal: controller.signal })) {
          yield part;
          controller.abort();
        }
      })(),
    );
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hel' }]);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ kind: 'cancelled', provider: 'openai', model: 'gpt-4o-mini' });
    await closed;
  });

  it("surfaces the signal's RouterError reason (a timeout from the timeout middleware)", async () => {
    const closed = holdOpen(delta('Hel'));
    const controller = new AbortController();
    const timeout = new TimeoutError({
      phase: 'idle',
      timeoutMs: 50,
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    const stream = provider().stream(request, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort(timeout);
    await expect(iterator.next()).rejects.toBe(timeout);
    await closed;
  });

  it('throws CancelledError without sending when the signal is already aborted', async () => {
    const before = server.requests.length;
    const { error } = await failure(provider().stream(request, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(CancelledError);
    expect(server.requests.length).toBe(before);
  });

  it('closes the connection when the consumer stops iterating early', async () => {
    const closed = holdOpen(`${delta('Hel')}${delta('lo')}`);
    for await (const part of provider().stream(request)) {
      expect(part).toEqual({ type: 'text-delta', text: 'Hel' });
      break;
    }
    await closed;
  });
});
