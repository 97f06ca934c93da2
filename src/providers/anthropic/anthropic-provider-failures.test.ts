import { afterEach, describe, expect, it } from 'vitest';
import {
  apiKey,
  ask,
  collect,
  model,
  rejection,
  sse,
  textEvents,
  useAnthropicTestServer,
} from '../../../test/helpers/anthropic-test-server.js';
import { sendJson, sendSse } from '../../../test/helpers/local-server.js';
import { ApiCallError } from '../../errors/api-call-error.js';
import { CancelledError } from '../../errors/cancelled-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import type { StreamPart } from '../../types/stream-part.js';
import { anthropic } from './anthropic-provider.js';

const local = useAnthropicTestServer();

describe('anthropic provider: configuration', () => {
  const saved = process.env.ANTHROPIC_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = saved;
  });

  it('fromEnv reads ANTHROPIC_API_KEY', async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-from-env-0123456789';
    await anthropic.fromEnv({ baseURL: `${local.server.url}/v1` }).complete(ask('Hi'));
    expect(local.server.requests[0]?.headers['x-api-key']).toBe('sk-ant-from-env-0123456789');
  });

  it('fromEnv without the variable throws a ConfigurationError naming it', () => {
    delete process.env.ANTHROPIC_API_KEY;
    expect(() => anthropic.fromEnv()).toThrow(ConfigurationError);
    expect(() => anthropic.fromEnv()).toThrow(/ANTHROPIC_API_KEY/);
  });

  it('rejects an empty key at construction', () => {
    expect(() => anthropic({ apiKey: ' ' })).toThrow(ConfigurationError);
  });
});

describe('anthropic provider: errors', () => {
  function errorBody(type: string, message: string) {
    return { type: 'error', error: { type, message }, request_id: 'req_1' };
  }

  it('maps 529 overloaded_error to overloaded', async () => {
    local.handler = (_received, response) =>
      sendJson(response, 529, errorBody('overloaded_error', 'Overloaded'));
    const error = await rejection(local.provider().complete(ask('Hi')));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'overloaded',
      status: 529,
      provider: 'anthropic',
      model,
      code: 'overloaded_error',
    });
    expect(error.message).toBe('anthropic 529: Overloaded');
  });

  it('maps a 429 rate limit and honours retry-after and x-should-retry', async () => {
    local.handler = (_received, response) =>
      sendJson(response, 429, errorBody('rate_limit_error', 'Rate limited'), {
        'retry-after': '7',
        'x-should-retry': 'true',
      });
    const error = await rejection(local.provider().complete(ask('Hi')));
    expect(error).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: 7_000,
      shouldRetry: true,
    });
  });

  it('prefers retry-after-ms', async () => {
    local.handler = (_received, response) =>
      sendJson(response, 429, errorBody('rate_limit_error', 'Rate limited'), {
        'retry-after-ms': '1500',
        'retry-after': '7',
      });
    expect((await rejection(local.provider().complete(ask('Hi')))).retryAfterMs).toBe(1_500);
  });

  it('maps a spend limit to quota_exhausted, not rate_limited', async () => {
    local.handler = (_received, response) =>
      sendJson(
        response,
        400,
        errorBody('invalid_request_error', 'Your credit balance is too low to access the Anthropic API.'),
      );
    expect((await rejection(local.provider().complete(ask('Hi')))).kind).toBe('quota_exhausted');
  });

  it('maps a too-long prompt to context_length', async () => {
    local.handler = (_received, response) =>
      sendJson(
        response,
        400,
        errorBody('invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum'),
      );
    expect((await rejection(local.provider().complete(ask('Hi')))).kind).toBe('context_length');
  });

  it('never puts the key in an error, even when the provider echoes it', async () => {
    local.handler = (_received, response) =>
      sendJson(response, 401, errorBody('authentication_error', `invalid x-api-key: ${apiKey}`));
    const error = await rejection(local.provider().complete(ask('Hi')));
    expect(error.kind).toBe('auth');
    const everything = JSON.stringify({
      ...error,
      message: error.message,
      stack: error.stack,
      body: (error as ApiCallError).responseBody,
    });
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(apiKey);
    expect(everything).not.toContain('TESTKEY-abcdefghijklmnop');
  });

  it('reports a 200 body that is not a Messages response as a server error', async () => {
    local.handler = (_received, response) => sendJson(response, 200, { hello: 'world' });
    expect(await rejection(local.provider().complete(ask('Hi')))).toMatchObject({
      kind: 'server',
      provider: 'anthropic',
    });
  });

  it('maps a non-2xx before streaming starts', async () => {
    local.handler = (_received, response) =>
      sendJson(response, 529, errorBody('overloaded_error', 'Overloaded'));
    expect((await rejection(collect(local.provider().stream(ask('Hi'))))).kind).toBe('overloaded');
  });

  it('throws an in-band error event after a 200 with its kind', async () => {
    local.handler = (_received, response) =>
      sendSse(
        response,
        `${sse(textEvents)}event: error\ndata: ${JSON.stringify(errorBody('overloaded_error', 'Overloaded'))}\n\n`,
      );
    const seen: StreamPart[] = [];
    let thrown: unknown;
    try {
      for await (const part of local.provider().stream(ask('Hi'))) seen.push(part);
    } catch (error) {
      thrown = error;
    }
    expect(seen).toEqual([{ type: 'text-delta', text: 'Hello' }]);
    expect(ApiCallError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ kind: 'overloaded', code: 'overloaded_error', provider: 'anthropic' });
  });

  it('fails a stream that ends without message_stop', async () => {
    local.handler = (_received, response) => sendSse(response, sse(textEvents));
    const error = await rejection(collect(local.provider().stream(ask('Hi'))));
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Stream ended without a finish (no message_stop event)');
  });
});

describe('anthropic provider: cancellation', () => {
  /** A handler that never answers, and a promise that the request has reached the local.server. */
  function hang(): Promise<void> {
    return new Promise((resolve) => {
      local.handler = () => resolve();
    });
  }

  it('aborts a pending complete() with CancelledError', async () => {
    const arrived = hang();
    const controller = new AbortController();
    const pending = local.provider().complete(ask('Hi'), { signal: controller.signal });
    await arrived;
    controller.abort();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.kind).toBe('cancelled');
  });

  it('surfaces a RouterError abort reason as is (a timeout from middleware)', async () => {
    const arrived = hang();
    const controller = new AbortController();
    const pending = local.provider().complete(ask('Hi'), { signal: controller.signal });
    const timeout = new TimeoutError({ phase: 'total', timeoutMs: 20, provider: 'anthropic', model });
    await arrived;
    controller.abort(timeout);
    expect(await rejection(pending)).toBe(timeout);
  });

  it('aborts a stream mid-body with CancelledError', async () => {
    local.handler = (_received, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents));
    };
    const controller = new AbortController();
    const seen: StreamPart[] = [];
    let thrown: unknown;
    try {
      for await (const part of local.provider().stream(ask('Hi'), { signal: controller.signal })) {
        seen.push(part);
        controller.abort();
      }
    } catch (error) {
      thrown = error;
    }
    expect(seen).toEqual([{ type: 'text-delta', text: 'Hello' }]);
    expect(thrown).toBeInstanceOf(CancelledError);
  });

  it('closes the upstream request when the caller stops iterating', async () => {
    let closed!: Promise<void>;
    local.handler = (_received, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents));
    };
    for await (const part of local.provider().stream(ask('Hi'))) {
      expect(part).toEqual({ type: 'text-delta', text: 'Hello' });
      break;
    }
    await closed;
    expect(local.server.requests).toHaveLength(1);
  });
});
