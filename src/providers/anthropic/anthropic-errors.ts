import type { ErrorBodyDetails, ErrorBodyReader } from '../../http/error-response.js';
import type { ErrorKind } from '../../types/error-kind.js';
import type { AnthropicErrorDetail } from './api-types.js';

// Anthropic reports an exhausted budget under several types (`billing_error`, a 400
// `invalid_request_error` "credit balance is too low", a 429 "usage limits"), so the message decides.
const quotaMessage = /credit balance|spend(?:ing)? limit|usage limit|billing|quota|purchase credits/i;
const contextMessage = /prompt is too long|exceeds? (?:the )?context|context (?:window|limit|length)/i;
const policyMessage = /content filtering policy|usage policy/i;

const kindByType: Readonly<Record<string, ErrorKind>> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limited',
  billing_error: 'quota_exhausted',
  authentication_error: 'auth',
  permission_error: 'auth',
  not_found_error: 'not_found',
  request_too_large: 'context_length',
  invalid_request_error: 'bad_request',
  api_error: 'server',
  timeout_error: 'timeout',
};

function kindOf(type: string | undefined, message: string): ErrorKind | undefined {
  if (quotaMessage.test(message)) return 'quota_exhausted';
  if (type === 'invalid_request_error' || type === undefined) {
    if (contextMessage.test(message)) return 'context_length';
    if (policyMessage.test(message)) return 'content_filter';
  }
  return type === undefined ? undefined : kindByType[type];
}

/**
 * Reads Anthropic's error body, `{ type: 'error', error: { type, message } }`, which is also the payload
 * of an in-stream `error` event. The error `type` gives the kind (`overloaded_error` → overloaded,
 * `rate_limit_error` → rate_limited, ...), refined by the message: spend, credit and billing limits
 * are `quota_exhausted` (retrying cannot help, another provider can), "prompt is too long" is
 * `context_length`, a content-policy block is `content_filter`. Unknown types leave the kind to the
 * HTTP status (529 → overloaded).
 */
export const readAnthropicErrorBody: ErrorBodyReader = (_status, body): ErrorBodyDetails => {
  const error = (body as { error?: AnthropicErrorDetail } | null | undefined)?.error;
  if (typeof error !== 'object' || error === null) return {};
  const type = typeof error.type === 'string' ? error.type : undefined;
  const message = typeof error.message === 'string' ? error.message : undefined;
  const details: ErrorBodyDetails = {};
  const kind = kindOf(type, message ?? '');
  if (kind !== undefined) details.kind = kind;
  if (message !== undefined) details.message = message;
  if (type !== undefined) details.code = type;
  return details;
};
