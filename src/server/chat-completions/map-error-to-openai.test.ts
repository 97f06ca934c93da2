import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../errors/api-call-error.js';
import { FallbackExhaustedError } from '../../errors/fallback-exhausted-error.js';
import { UnsupportedCapabilityError } from '../../errors/unsupported-capability-error.js';
import type { ErrorKind } from '../../types/error-kind.js';
import { RouterError } from '../../types/router-error.js';
import { GatewayError } from '../core/gateway-error.js';
import { mapErrorToOpenAI, openAIErrorBody } from './map-error-to-openai.js';

describe('mapErrorToOpenAI', () => {
  it.each([
    ['rate_limited', 429, 'rate_limit_error', 'rate_limit_exceeded'],
    ['quota_exhausted', 429, 'insufficient_quota', 'insufficient_quota'],
    ['overloaded', 503, 'server_error', 'upstream_overloaded'],
    ['circuit_open', 503, 'server_error', 'circuit_open'],
    ['server', 502, 'server_error', 'upstream_error'],
    ['network', 502, 'server_error', 'upstream_unreachable'],
    ['timeout', 504, 'server_error', 'upstream_timeout'],
    ['auth', 502, 'server_error', 'upstream_authentication_failed'],
    ['not_found', 502, 'server_error', 'upstream_model_not_found'],
    ['context_length', 400, 'invalid_request_error', 'context_length_exceeded'],
    ['content_filter', 400, 'invalid_request_error', 'content_filter'],
    ['bad_request', 400, 'invalid_request_error', 'invalid_request'],
  ] as const)('a final %s error is %i %s', (kind, status, type, code) => {
    const answer = mapErrorToOpenAI(
      new RouterError({ message: `it failed: ${kind}`, kind: kind as ErrorKind }),
    );
    expect(answer).toEqual({
      status,
      type,
      code,
      param: null,
      message: `it failed: ${kind}`,
      retryAfterSeconds: undefined,
      body: JSON.stringify({ error: { message: `it failed: ${kind}`, type, param: null, code } }),
    });
  });

  it('passes on the wait a provider asked for, in whole seconds', () => {
    const last = new ApiCallError({
      message: 'Slow down',
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: 1_200,
    });
    const exhausted = new FallbackExhaustedError({ model: 'gpt-4o-mini', errors: [last], trail: [] });
    expect(mapErrorToOpenAI(exhausted)).toMatchObject({ status: 429, retryAfterSeconds: 2 });
  });

  it('keeps the provider’s code for a request every provider refused, and names missing capabilities', () => {
    const refused = new ApiCallError({
      message: 'Bad schema',
      kind: 'bad_request',
      status: 400,
      code: 'invalid_json_schema',
    });
    expect(mapErrorToOpenAI(refused)).toMatchObject({ status: 400, code: 'invalid_json_schema' });
    const unsupported = new UnsupportedCapabilityError({
      provider: 'local',
      model: 'llama',
      capability: 'tools',
    });
    expect(mapErrorToOpenAI(unsupported)).toMatchObject({ status: 400, code: 'unsupported_capability' });
  });

  it('answers the gateway’s own errors as they are, and anything unexpected with a bare 500', () => {
    const own = new GatewayError({ status: 413, message: 'Too large', code: 'request_too_large' });
    expect(mapErrorToOpenAI(own)).toEqual({
      status: 413,
      type: 'invalid_request_error',
      code: 'request_too_large',
      param: null,
      message: 'Too large',
      retryAfterSeconds: undefined,
      body: '{"error":{"message":"Too large","type":"invalid_request_error","param":null,"code":"request_too_large"}}',
    });
    const unexpected = mapErrorToOpenAI(new TypeError('Cannot read properties of undefined (reading "x")'));
    expect(unexpected).toMatchObject({
      status: 500,
      code: 'internal_error',
      message: 'The gateway failed to handle the request.',
    });
  });
});

describe('openAIErrorBody', () => {
  it('is OpenAI’s error object', () => {
    const answer = mapErrorToOpenAI(
      new GatewayError({ status: 400, message: 'Bad', code: 'invalid_json', param: 'model' }),
    );
    expect(JSON.parse(openAIErrorBody(answer))).toEqual({
      error: { message: 'Bad', type: 'invalid_request_error', param: 'model', code: 'invalid_json' },
    });
  });
});
