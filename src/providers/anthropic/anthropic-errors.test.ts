import { describe, expect, it } from 'vitest';
import { readAnthropicErrorBody } from './anthropic-errors.js';

function body(type: string, message: string) {
  return { type: 'error', error: { type, message }, request_id: 'req_011' };
}

describe('readAnthropicErrorBody', () => {
  it.each([
    [529, 'overloaded_error', 'Overloaded', 'overloaded'],
    [
      429,
      'rate_limit_error',
      'Number of request tokens has exceeded your per-minute rate limit',
      'rate_limited',
    ],
    [401, 'authentication_error', 'invalid x-api-key', 'auth'],
    [403, 'permission_error', 'Your API key does not have permission to use the specified resource.', 'auth'],
    [404, 'not_found_error', 'model: claude-nonexistent', 'not_found'],
    [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.', 'context_length'],
    [400, 'invalid_request_error', 'messages: text content blocks must be non-empty', 'bad_request'],
    [500, 'api_error', 'Internal server error', 'server'],
    [504, 'timeout_error', 'Request timed out', 'timeout'],
    [402, 'billing_error', 'Payment required', 'quota_exhausted'],
  ] as const)('status %i %s -> %s', (status, type, message, kind) => {
    expect(readAnthropicErrorBody(status, body(type, message))).toEqual({ kind, message, code: type });
  });

  it.each([
    [400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API.'],
    [429, 'rate_limit_error', 'You have reached your specified workspace API usage limits.'],
    [400, 'invalid_request_error', 'You have reached your spend limit for this month.'],
  ] as const)('reads a spend/credit limit as quota_exhausted (%i %s)', (status, type, message) => {
    expect(readAnthropicErrorBody(status, body(type, message)).kind).toBe('quota_exhausted');
  });

  it('reads "prompt is too long" as context_length', () => {
    expect(
      readAnthropicErrorBody(
        400,
        body('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'),
      ),
    ).toEqual({
      kind: 'context_length',
      message: 'prompt is too long: 210000 tokens > 200000 maximum',
      code: 'invalid_request_error',
    });
  });

  it('reads an input-plus-max_tokens overflow as context_length', () => {
    expect(
      readAnthropicErrorBody(
        400,
        body(
          'invalid_request_error',
          'input length and `max_tokens` exceed context limit: 197626 + 8192 > 200000',
        ),
      ).kind,
    ).toBe('context_length');
  });

  it('reads a content-policy block as content_filter', () => {
    expect(
      readAnthropicErrorBody(400, body('invalid_request_error', 'Output blocked by content filtering policy'))
        .kind,
    ).toBe('content_filter');
  });

  it('leaves the kind to the status for an unknown error type', () => {
    expect(readAnthropicErrorBody(529, body('brand_new_error', 'Something'))).toEqual({
      message: 'Something',
      code: 'brand_new_error',
    });
  });

  it('returns nothing for a body that is not an Anthropic error', () => {
    expect(readAnthropicErrorBody(502, undefined)).toEqual({});
    expect(readAnthropicErrorBody(502, '<html>Bad gateway</html>')).toEqual({});
    expect(readAnthropicErrorBody(500, { error: 'text' })).toEqual({});
  });
});
