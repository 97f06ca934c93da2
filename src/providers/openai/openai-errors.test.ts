import { describe, expect, it } from 'vitest';
import { readOpenAIError } from './openai-errors.js';

function openAIError(code: string | null, type: string, message = 'message') {
  return { error: { message, type, param: null, code } };
}

describe('readOpenAIError', () => {
  it.each([
    [429, openAIError('insufficient_quota', 'insufficient_quota'), 'quota_exhausted', 'insufficient_quota'],
    [
      400,
      openAIError('context_length_exceeded', 'invalid_request_error'),
      'context_length',
      'context_length_exceeded',
    ],
    [
      400,
      openAIError('content_policy_violation', 'invalid_request_error'),
      'content_filter',
      'content_policy_violation',
    ],
    [400, openAIError('content_filter', 'invalid_request_error'), 'content_filter', 'content_filter'],
    [401, openAIError('invalid_api_key', 'invalid_request_error'), 'auth', 'invalid_api_key'],
    [404, openAIError('model_not_found', 'invalid_request_error'), 'not_found', 'model_not_found'],
    [429, openAIError('rate_limit_exceeded', 'requests'), 'rate_limited', 'rate_limit_exceeded'],
  ] as const)('%i %j -> %s', (status, body, kind, code) => {
    expect(readOpenAIError(status, body)).toEqual({ kind, code, message: 'message' });
  });

  it('does not let a generic server_error type hide what the status says', () => {
    expect(readOpenAIError(503, openAIError(null, 'server_error'))).toEqual({
      code: 'server_error',
      message: 'message',
    });
  });

  it('reads overload from the words of a server_error that came without a meaningful status (in-stream)', () => {
    const body = { error: { message: 'The server is overloaded or not ready yet.', type: 'server_error' } };
    expect(readOpenAIError(500, body).kind).toBe('overloaded');
    expect(
      readOpenAIError(500, { error: { message: 'Something broke', type: 'server_error' } }).kind,
    ).toBeUndefined();
  });

  it('leaves the kind to the status when the code says nothing more', () => {
    expect(
      readOpenAIError(
        400,
        openAIError('unsupported_parameter', 'invalid_request_error', "Unsupported parameter: 'max_tokens'"),
      ),
    ).toEqual({ code: 'unsupported_parameter', message: "Unsupported parameter: 'max_tokens'" });
  });

  it('recognises a too-long prompt from its words when there is no code', () => {
    expect(
      readOpenAIError(400, {
        object: 'error',
        message: "This model's maximum context length is 65536 tokens. However, you requested 70000 tokens.",
        type: 'invalid_request_error',
        code: null,
      }),
    ).toMatchObject({ kind: 'context_length', code: 'invalid_request_error' });
  });

  it('reads Ollama string errors, FastAPI details and one-element arrays', () => {
    expect(readOpenAIError(404, { error: 'model "llama9" not found, try pulling it first' })).toEqual({
      message: 'model "llama9" not found, try pulling it first',
    });
    expect(readOpenAIError(422, { detail: 'Extra inputs are not permitted' })).toEqual({
      message: 'Extra inputs are not permitted',
    });
    expect(
      readOpenAIError(422, { detail: [{ loc: ['body', 'user'], msg: 'Extra inputs are not permitted' }] }),
    ).toEqual({ message: '[{"loc":["body","user"],"msg":"Extra inputs are not permitted"}]' });
    expect(readOpenAIError(429, [openAIError('insufficient_quota', 'insufficient_quota')])).toMatchObject({
      kind: 'quota_exhausted',
    });
  });

  it('treats 402 Payment Required as an exhausted quota', () => {
    expect(
      readOpenAIError(402, { error: { message: 'Insufficient Balance', type: 'unknown_error' } }),
    ).toMatchObject({
      kind: 'quota_exhausted',
      message: 'Insufficient Balance',
    });
    expect(readOpenAIError(402, undefined)).toEqual({ kind: 'quota_exhausted' });
  });

  it('classifies an in-stream error by its numeric code (OpenRouter)', () => {
    expect(readOpenAIError(500, { error: { code: 429, message: 'Rate limited upstream' } })).toEqual({
      kind: 'rate_limited',
      message: 'Rate limited upstream',
    });
    expect(readOpenAIError(500, { error: { code: 503, message: 'No instances available' } })).toMatchObject({
      kind: 'overloaded',
    });
  });

  it('says nothing about a body that is not JSON', () => {
    expect(readOpenAIError(502, undefined)).toEqual({});
    expect(readOpenAIError(500, 'upstream connect error')).toEqual({});
  });
});
