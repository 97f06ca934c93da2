import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../types/error-kind.js';
import { RouterError } from '../../types/router-error.js';
import { GatewayError } from '../core/gateway-error.js';
import { mapErrorToAnthropic } from './map-error-to-anthropic.js';

describe('mapErrorToAnthropic', () => {
  it.each([
    ['overloaded', 529, 'overloaded_error'],
    ['circuit_open', 529, 'overloaded_error'],
    ['rate_limited', 429, 'rate_limit_error'],
    ['quota_exhausted', 429, 'rate_limit_error'],
    ['server', 502, 'api_error'],
    ['timeout', 504, 'timeout_error'],
    ['context_length', 400, 'invalid_request_error'],
    ['bad_request', 400, 'invalid_request_error'],
  ] as const)('a final %s error is %i %s', (kind, status, type) => {
    const answer = mapErrorToAnthropic(
      new RouterError({ message: `failed: ${kind}`, kind: kind as ErrorKind }),
    );
    expect(answer).toMatchObject({ status, type });
    expect(JSON.parse(answer.body)).toEqual({ type: 'error', error: { type, message: `failed: ${kind}` } });
  });

  it('keeps the gateway’s own statuses, with Anthropic’s types, and hides anything unexpected', () => {
    expect(mapErrorToAnthropic(new GatewayError({ status: 413, message: 'Too large' }))).toMatchObject({
      status: 413,
      type: 'request_too_large',
    });
    expect(mapErrorToAnthropic(new GatewayError({ status: 401, message: 'No key' }))).toMatchObject({
      status: 401,
      type: 'authentication_error',
    });
    const unexpected = mapErrorToAnthropic(new TypeError('x is undefined'));
    expect(unexpected).toMatchObject({ status: 500, type: 'api_error' });
    expect(unexpected.body).not.toContain('x is undefined');
  });
});
