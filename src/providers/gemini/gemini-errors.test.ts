import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../errors/api-call-error.js';
import { promptBlockedError, readGeminiError } from './gemini-errors.js';

const status = (code: number, name: string, message: string, details?: unknown[]) => ({
  error: { code, status: name, message, ...(details ? { details } : {}) },
});

describe('readGeminiError', () => {
  it('reads a per-minute RESOURCE_EXHAUSTED as rate_limited with the RetryInfo delay', () => {
    const body = status(
      429,
      'RESOURCE_EXHAUSTED',
      'You exceeded your current quota, please check your plan.',
      [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' },
      ],
    );
    expect(readGeminiError(429, body)).toEqual({
      kind: 'rate_limited',
      message: 'You exceeded your current quota, please check your plan.',
      code: 'RESOURCE_EXHAUSTED',
      retryAfterMs: 34_400,
    });
  });

  it('reads a per-day quota violation as quota_exhausted', () => {
    const body = status(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', quotaValue: '250' }],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' },
    ]);
    expect(readGeminiError(429, body)).toMatchObject({ kind: 'quota_exhausted', retryAfterMs: 20_000 });
  });

  it('reads a quota with limit 0 (a tier with no allowance) as quota_exhausted', () => {
    const message =
      'You exceeded your current quota. Quota exceeded for metric: ' +
      'generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro';
    expect(readGeminiError(429, status(429, 'RESOURCE_EXHAUSTED', message)).kind).toBe('quota_exhausted');
    expect(
      readGeminiError(
        429,
        status(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [
          {
            '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
            violations: [{ quotaId: 'X', quotaValue: '0' }],
          },
        ]),
      ).kind,
    ).toBe('quota_exhausted');
    // "limit: 0.5" or "limit: 10" is a real allowance.
    expect(readGeminiError(429, status(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded, limit: 10')).kind).toBe(
      'rate_limited',
    );
  });

  it.each([
    ['UNAVAILABLE', 503, 'overloaded'],
    ['INTERNAL', 500, 'server'],
    ['DEADLINE_EXCEEDED', 504, 'timeout'],
    ['PERMISSION_DENIED', 403, 'auth'],
    ['UNAUTHENTICATED', 401, 'auth'],
    ['NOT_FOUND', 404, 'not_found'],
    ['INVALID_ARGUMENT', 400, 'bad_request'],
  ] as const)('reads %s as %s', (name, code, kind) => {
    expect(readGeminiError(code, status(code, name, 'x'))).toEqual({ kind, message: 'x', code: name });
  });

  it('reads a token-limit INVALID_ARGUMENT as context_length', () => {
    const message = 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).';
    expect(readGeminiError(400, status(400, 'INVALID_ARGUMENT', message)).kind).toBe('context_length');
  });

  it('reads an invalid API key (400 INVALID_ARGUMENT with ErrorInfo API_KEY_INVALID) as auth', () => {
    const body = status(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
      },
    ]);
    expect(readGeminiError(400, body).kind).toBe('auth');
  });

  it('reads an error wrapped in an array', () => {
    expect(readGeminiError(503, [status(503, 'UNAVAILABLE', 'The model is overloaded.')])).toMatchObject({
      kind: 'overloaded',
      message: 'The model is overloaded.',
    });
  });

  it('falls back to the numeric code when the body names no status (in-stream errors)', () => {
    expect(readGeminiError(500, { error: { code: 429, message: 'slow down' } })).toEqual({
      kind: 'rate_limited',
      message: 'slow down',
    });
  });

  it('leaves the kind to the HTTP status for an unknown status name or a body that is not an error', () => {
    expect(readGeminiError(409, status(409, 'ABORTED', 'conflict'))).toEqual({
      message: 'conflict',
      code: 'ABORTED',
    });
    expect(readGeminiError(502, undefined)).toEqual({});
    expect(readGeminiError(502, 'Bad Gateway')).toEqual({});
  });
});

describe('promptBlockedError', () => {
  it('is a content_filter ApiCallError naming the block reason, with the key removed', () => {
    const secret = 'AIzaSyTHISISASECRETKEY0123';
    const error = promptBlockedError({
      target: { provider: 'gemini', model: 'gemini-2.5-flash', secret, readBody: readGeminiError },
      feedback: { blockReason: 'PROHIBITED_CONTENT', blockReasonMessage: `echo ${secret}` },
      payload: { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } },
    });
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'content_filter',
      code: 'PROHIBITED_CONTENT',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      message: 'gemini: the prompt was blocked (PROHIBITED_CONTENT): echo [redacted]',
    });
    expect(error.responseBody).toBe('{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"}}');
  });
});
