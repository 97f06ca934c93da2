import type { ErrorKind } from '../../types/error-kind.js';
import { RouterError } from '../../types/router-error.js';
import { mapErrorToOpenAI } from '../chat-completions/map-error-to-openai.js';
import type { ErrorAnswer } from '../core/surface.js';

/** Anthropic's error `type` values, which its clients turn into error classes. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error'
  | 'timeout_error';

/** For each final error kind, the status and type Anthropic would answer with. */
const byKind: Record<ErrorKind, { status: number; type: AnthropicErrorType }> = {
  rate_limited: { status: 429, type: 'rate_limit_error' },
  quota_exhausted: { status: 429, type: 'rate_limit_error' },
  // Anthropic's own word for "every target is overloaded", which its clients retry.
  overloaded: { status: 529, type: 'overloaded_error' },
  circuit_open: { status: 529, type: 'overloaded_error' },
  server: { status: 502, type: 'api_error' },
  network: { status: 502, type: 'api_error' },
  timeout: { status: 504, type: 'timeout_error' },
  auth: { status: 502, type: 'api_error' },
  not_found: { status: 502, type: 'api_error' },
  context_length: { status: 400, type: 'invalid_request_error' },
  content_filter: { status: 400, type: 'invalid_request_error' },
  bad_request: { status: 400, type: 'invalid_request_error' },
  cancelled: { status: 499, type: 'invalid_request_error' },
};

/**
 * An error as the Messages surface answers it: `{ type: 'error', error: { type, message } }` with
 * Anthropic's status and type. Router errors map by final kind (overloaded is 529 `overloaded_error`,
 * rate limits 429 `rate_limit_error`); the gateway's own errors keep their status; anything else is a
 * bare 500 `api_error`. The message is the same as the OpenAI surfaces give, never a key.
 */
export function mapErrorToAnthropic(error: unknown): ErrorAnswer {
  const openai = mapErrorToOpenAI(error);
  let status = openai.status;
  let type: AnthropicErrorType;
  if (RouterError.isInstance(error)) {
    ({ status, type } = byKind[error.kind]);
  } else if (status === 401) type = 'authentication_error';
  else if (status === 403) type = 'permission_error';
  else if (status === 404) type = 'not_found_error';
  else if (status === 413) type = 'request_too_large';
  else if (status === 503) type = 'overloaded_error';
  else if (status >= 500) type = 'api_error';
  else type = 'invalid_request_error';
  return {
    status,
    message: openai.message,
    type,
    code: openai.code,
    retryAfterSeconds: openai.retryAfterSeconds,
    body: JSON.stringify({ type: 'error', error: { type, message: openai.message } }),
  };
}
