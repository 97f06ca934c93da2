import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, sendSse, startLocalServer } from '../../../test/helpers/local-server.js';
import { ApiCallError } from '../../errors/api-call-error.js';
import { isRetryable } from '../../errors/classify.js';
import type { RouterError } from '../../types/router-error.js';
import { openai } from './openai-provider.js';

const apiKey = 'sk-proj-SECRETSECRET0123456789';
let server: LocalServer;
let respond: (response: ServerResponse) => void;

beforeAll(async () => {
  server = await startLocalServer((_received, response) => respond(response));
});
afterAll(() => server.close());

const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

function provider() {
  return openai({ apiKey, baseURL: server.url });
}

async function completeError(): Promise<RouterError> {
  try {
    await provider().complete(request);
  } catch (error) {
    return error as RouterError;
  }
  throw new Error('expected the call to fail');
}

async function streamError(): Promise<RouterError> {
  try {
    for await (const _part of provider().stream(request)) {
      // Draining until it fails.
    }
  } catch (error) {
    return error as RouterError;
  }
  throw new Error('expected the stream to fail');
}

function openAIError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

describe('openai error mapping', () => {
  it.each([
    [
      400,
      openAIError("Invalid value for 'temperature'", 'invalid_request_error', null),
      {},
      'bad_request',
      undefined,
    ],
    [
      401,
      openAIError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'),
      {},
      'auth',
      undefined,
    ],
    [
      403,
      openAIError('Country not supported', 'invalid_request_error', 'unsupported_country_region_territory'),
      {},
      'auth',
      undefined,
    ],
    [
      404,
      openAIError('The model `gpt-9` does not exist', 'invalid_request_error', 'model_not_found'),
      {},
      'not_found',
      undefined,
    ],
    [408, openAIError('Request timed out', 'timeout', null), {}, 'timeout', undefined],
    [409, openAIError('Conflict', 'conflict', null), {}, 'server', undefined],
    [413, openAIError('Request too large', 'invalid_request_error', null), {}, 'context_length', undefined],
    [422, openAIError('Unprocessable', 'invalid_request_error', null), {}, 'bad_request', undefined],
    [
      429,
      openAIError('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
      { 'retry-after': '7' },
      'rate_limited',
      7_000,
    ],
    [
      429,
      openAIError('Rate limit reached', 'tokens', 'rate_limit_exceeded'),
      { 'retry-after-ms': '1500', 'retry-after': '9' },
      'rate_limited',
      1_500,
    ],
    [
      429,
      openAIError('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota'),
      {},
      'quota_exhausted',
      undefined,
    ],
    [500, openAIError('The server had an error', 'server_error', null), {}, 'server', undefined],
    [502, undefined, {}, 'server', undefined],
    [
      503,
      openAIError('The engine is currently overloaded', 'server_error', null),
      { 'retry-after': '2' },
      'overloaded',
      2_000,
    ],
    [504, undefined, {}, 'server', undefined],
  ] as const)('%i -> %s', async (status, body, headers, kind, retryAfterMs) => {
    respond = (response) => {
      if (body === undefined) {
        response.writeHead(status, { 'content-type': 'text/html', ...headers });
        response.end('<html>Bad gateway</html>');
      } else {
        sendJson(response, status, body, headers);
      }
    };
    const error = await completeError();
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind, status, provider: 'openai', model: 'gpt-4o-mini', retryAfterMs });
  });

  it('carries the provider message, code and x-should-retry verdict', async () => {
    respond = (response) =>
      sendJson(response, 500, openAIError('The server had an error', 'server_error', null), {
        'x-should-retry': 'false',
      });
    const error = (await completeError()) as ApiCallError;
    expect(error.message).toBe('openai 500: The server had an error');
    expect(error.code).toBe('server_error');
    expect(error.shouldRetry).toBe(false);
    expect(isRetryable(error)).toBe(false);
  });

  it('reports the legacy max_tokens error of a reasoning model as bad_request with its message', async () => {
    respond = (response) =>
      sendJson(
        response,
        400,
        openAIError(
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          'invalid_request_error',
          'unsupported_parameter',
        ),
      );
    const error = (await completeError()) as ApiCallError;
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, code: 'unsupported_parameter' });
    expect(error.message).toContain("Use 'max_completion_tokens' instead.");
  });

  it('turns a 200 answer carrying only an error into that error', async () => {
    respond = (response) =>
      sendJson(response, 200, { error: { code: 429, message: 'Rate limit exceeded upstream' } });
    const error = (await completeError()) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'rate_limited',
      message: 'openai stream error: Rate limit exceeded upstream',
    });
  });

  it('reports a body that is not JSON as a server fault', async () => {
    respond = (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id": "chatcmpl-1", "choi');
    };
    const error = await completeError();
    expect(error).toMatchObject({ kind: 'server', provider: 'openai' });
  });
});

describe('the API key never leaks', () => {
  const echo = `Incorrect API key provided: ${apiKey}. You can find your API key at https://platform.openai.com.`;
  const masked = `Incorrect API key provided: ${apiKey.slice(0, 8)}**********${apiKey.slice(-8)}.`;

  function assertNoKey(error: RouterError) {
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(everything).not.toContain(apiKey);
    expect(everything).not.toContain(apiKey.slice(0, 8));
    expect(everything).not.toContain(apiKey.slice(-8));
  }

  it('from an error body echoing it in full', async () => {
    respond = (response) =>
      sendJson(response, 401, openAIError(echo, 'invalid_request_error', 'invalid_api_key'));
    const error = (await completeError()) as ApiCallError;
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('[redacted]');
    expect(error.responseBody).toContain('[redacted]');
    assertNoKey(error);
  });

  it('from an error body echoing it partly masked', async () => {
    respond = (response) =>
      sendJson(response, 401, openAIError(masked, 'invalid_request_error', 'invalid_api_key'));
    assertNoKey(await completeError());
  });

  it('from an in-stream error event echoing it', async () => {
    respond = (response) =>
      sendSse(
        response,
        `data: ${JSON.stringify(openAIError(echo, 'invalid_request_error', 'invalid_api_key'))}\n\n`,
      );
    const error = await streamError();
    expect(error.kind).toBe('auth');
    assertNoKey(error);
  });
});
