import { describe, expect, it } from 'vitest';
import {
  apiKey,
  collect,
  failureOf,
  googleError,
  hi,
  useGeminiTestServer,
} from '../../../test/helpers/gemini-test-server.js';
import { sendJson, sendSse } from '../../../test/helpers/local-server.js';
import { ApiCallError } from '../../errors/api-call-error.js';

const local = useGeminiTestServer();

describe('gemini provider: errors', () => {
  it.each([
    [400, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'), 'bad_request'],
    [
      400,
      googleError(
        400,
        'INVALID_ARGUMENT',
        'The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).',
      ),
      'context_length',
    ],
    [401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'), 'auth'],
    [403, googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers."), 'auth'],
    [404, googleError(404, 'NOT_FOUND', 'models/gemini-9 is not found for API version v1beta.'), 'not_found'],
    [500, googleError(500, 'INTERNAL', 'An internal error has occurred.'), 'server'],
    [503, googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'), 'overloaded'],
    [
      504,
      googleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'),
      'timeout',
    ],
    [
      429,
      googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }],
        },
      ]),
      'quota_exhausted',
    ],
    [502, '<html>Bad Gateway</html>', 'server'],
  ] as const)('maps HTTP %i %j to %s', async (status, body, kind) => {
    local.handle = (_received, response) => {
      if (typeof body !== 'string') return sendJson(response, status, body);
      response.writeHead(status, { 'content-type': 'text/html' });
      response.end(body);
    };
    const error = await failureOf(local.provider().complete(hi));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind, status, provider: 'gemini', model: 'gemini-2.5-flash' });
    if (typeof body !== 'string') expect(error.message).toBe(`gemini ${status}: ${body.error.message}`);
  });

  it('takes the retry delay from RetryInfo, and a retry-after header over it', async () => {
    const body = googleError(429, 'RESOURCE_EXHAUSTED', 'Too many requests', [
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7.5s' },
    ]);
    local.handle = (_received, response) => sendJson(response, 429, body);
    expect(await failureOf(local.provider().complete(hi))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7_500,
    });
    local.handle = (_received, response) => sendJson(response, 429, body, { 'retry-after': '2' });
    expect(await failureOf(local.provider().complete(hi))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2_000,
    });
  });

  it('never lets the key into an error, even when the provider echoes it', async () => {
    local.handle = (_received, response) =>
      sendJson(
        response,
        400,
        googleError(400, 'INVALID_ARGUMENT', `API key not valid: ${apiKey}`, [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            metadata: { key: apiKey },
          },
        ]),
      );
    for (const attempt of [local.provider().complete(hi), collect(local.provider().stream(hi))]) {
      const error = await failureOf(attempt);
      expect(error.kind).toBe('auth');
      const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
      expect(everything).toContain('API key not valid');
      expect(everything).not.toContain(apiKey);
      expect(everything).not.toContain(apiKey.slice(0, 8));
      expect(everything).not.toContain(apiKey.slice(-8));
    }
  });

  it('throws content_filter when the prompt itself is blocked', async () => {
    const blocked = {
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 },
    };
    local.handle = (_received, response) => sendJson(response, 200, blocked);
    const fromComplete = await failureOf(local.provider().complete(hi));
    local.handle = (_received, response) => sendSse(response, `data: ${JSON.stringify(blocked)}\n\n`);
    const fromStream = await failureOf(collect(local.provider().stream(hi)));
    for (const error of [fromComplete, fromStream]) {
      expect(error).toMatchObject({
        kind: 'content_filter',
        code: 'PROHIBITED_CONTENT',
        message: 'gemini: the prompt was blocked (PROHIBITED_CONTENT)',
      });
    }
  });

  it('reports a body that is not JSON as a server fault', async () => {
    local.handle = (_received, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"candidates": [');
    };
    expect((await failureOf(local.provider().complete(hi))).kind).toBe('server');
  });
});
