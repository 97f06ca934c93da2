import { ApiCallError } from '../../errors/api-call-error.js';
import type { ErrorKind } from '../../types/error-kind.js';
import { RouterError } from '../../types/router-error.js';
import { GatewayError, type OpenAIErrorType } from '../core/gateway-error.js';
import type { ErrorAnswer } from '../core/surface.js';

/** An error as the OpenAI surfaces answer it: status, OpenAI's error object, and a retry hint. */
export interface OpenAIErrorAnswer extends ErrorAnswer {
  type: OpenAIErrorType;
  param: string | null;
}

/** For each final error kind: the status a client can act on, and OpenAI's type and a code. */
const byKind: Record<ErrorKind, { status: number; type: OpenAIErrorType; code: string }> = {
  rate_limited: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  quota_exhausted: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  overloaded: { status: 503, type: 'server_error', code: 'upstream_overloaded' },
  circuit_open: { status: 503, type: 'server_error', code: 'circuit_open' },
  server: { status: 502, type: 'server_error', code: 'upstream_error' },
  network: { status: 502, type: 'server_error', code: 'upstream_unreachable' },
  timeout: { status: 504, type: 'server_error', code: 'upstream_timeout' },
  // The provider rejected the gateway's own credentials or model name: the client can do nothing about it.
  auth: { status: 502, type: 'server_error', code: 'upstream_authentication_failed' },
  not_found: { status: 502, type: 'server_error', code: 'upstream_model_not_found' },
  context_length: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' },
  content_filter: { status: 400, type: 'invalid_request_error', code: 'content_filter' },
  bad_request: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  // Only seen when the client has gone; nginx's 499 names that case.
  cancelled: { status: 499, type: 'invalid_request_error', code: 'request_cancelled' },
};

/**
 * What a client gets for an error: the gateway's own errors as they are; a router error by its final kind
 * (every target rate-limited: 429; overloaded or all breakers open: 503; upstream failures: 502;
 * deadlines: 504; requests no provider would take: 400), with the router's message, which names each
 * target's failure and never a key. Anything else is a 500 with a generic message: no stack, no detail.
 */
export function mapErrorToOpenAI(error: unknown): OpenAIErrorAnswer {
  const answer = openAIAnswerOf(error);
  answer.body = openAIErrorBody(answer);
  return answer;
}

function openAIAnswerOf(error: unknown): OpenAIErrorAnswer {
  if (GatewayError.isInstance(error)) {
    return {
      status: error.status,
      message: error.message,
      type: error.type,
      code: error.code,
      param: error.param,
      retryAfterSeconds: undefined,
      body: '',
    };
  }
  if (RouterError.isInstance(error)) {
    const mapped = byKind[error.kind];
    const code =
      error.name === 'UnsupportedCapabilityError'
        ? 'unsupported_capability'
        : error.kind === 'bad_request' && ApiCallError.isInstance(error) && error.code !== undefined
          ? error.code
          : mapped.code;
    return {
      status: mapped.status,
      message: error.message,
      type: mapped.type,
      code,
      param: null,
      retryAfterSeconds:
        error.retryAfterMs !== undefined && error.retryAfterMs > 0
          ? Math.ceil(error.retryAfterMs / 1000)
          : undefined,
      body: '',
    };
  }
  return {
    status: 500,
    message: 'The gateway failed to handle the request.',
    type: 'server_error',
    code: 'internal_error',
    param: null,
    retryAfterSeconds: undefined,
    body: '',
  };
}

/** OpenAI's error body for an answer. */
export function openAIErrorBody(answer: Omit<OpenAIErrorAnswer, 'body'>): string {
  return JSON.stringify({
    error: { message: answer.message, type: answer.type, param: answer.param, code: answer.code },
  });
}
