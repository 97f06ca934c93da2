import { ApiCallError } from '../../errors/api-call-error.js';
import { kindFromStatus } from '../../errors/classify.js';
import { redactSecret } from '../../http/api-key.js';
import type { ErrorBodyDetails, ErrorBodyReader } from '../../http/error-response.js';
import type { CallTarget } from '../../http/post-json.js';
import { parseDuration } from '../../http/retry-headers.js';
import type { ErrorKind } from '../../types/error-kind.js';
import type { GeminiResponse } from './api-types.js';

// "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."
const tokenLimitMessage =
  /token count.*exceeds|exceeds the maximum number of tokens|too many tokens|context length/i;
// Google's quota message names the limit; a limit of 0 means the tier has no allowance at all.
const zeroLimitMessage = /limit:\s*0(?![\d.])/;
// ErrorInfo reasons that mean the key itself is bad, sent as 400 INVALID_ARGUMENT.
const authReasons = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED']);

type Detail = Record<string, unknown>;

/**
 * Reads a Gemini error body (`google.rpc.Status`: `{ error: { code, message, status, details } }`,
 * sometimes wrapped in a one-element array) into the router's terms:
 *
 * - `RESOURCE_EXHAUSTED` is `rate_limited`, unless a quota violation is per day or its limit is 0, which
 *   waiting will not fix: `quota_exhausted`.
 * - `RetryInfo.retryDelay` (`"34.4s"`) becomes `retryAfterMs`.
 * - `UNAVAILABLE` is `overloaded`; `INTERNAL` is `server`; `DEADLINE_EXCEEDED` is `timeout`.
 * - `INVALID_ARGUMENT` is `bad_request`, except a token-limit message (`context_length`) and an invalid
 *   API key (`auth`, so the router can fall back).
 * - `PERMISSION_DENIED`/`UNAUTHENTICATED` are `auth`; `NOT_FOUND` is `not_found`.
 *
 * A body without a `status` string is classified by its numeric `code` (the in-stream error case).
 *
 * @example
 * readGeminiError(503, { error: { code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded.' } });
 * // { kind: 'overloaded', message: 'The model is overloaded.', code: 'UNAVAILABLE' }
 */
export const readGeminiError: ErrorBodyReader = (status, body) => {
  const error = errorObject(body);
  if (error === undefined) return {};
  const message = typeof error.message === 'string' ? error.message : undefined;
  const code = typeof error.status === 'string' ? error.status : undefined;
  const details = Array.isArray(error.details) ? (error.details as unknown[]).filter(isDetail) : [];
  const result: ErrorBodyDetails = {};
  const kind = kindOf({
    code,
    message: message ?? '',
    details,
    status: typeof error.code === 'number' ? error.code : status,
  });
  if (kind !== undefined) result.kind = kind;
  if (message !== undefined) result.message = message;
  if (code !== undefined) result.code = code;
  const retryAfterMs = retryDelayOf(details);
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
};

function kindOf(error: {
  code: string | undefined;
  message: string;
  details: Detail[];
  status: number;
}): ErrorKind | undefined {
  switch (error.code) {
    case 'RESOURCE_EXHAUSTED':
      return isQuotaExhausted(error.message, error.details) ? 'quota_exhausted' : 'rate_limited';
    case 'UNAVAILABLE':
      return 'overloaded';
    case 'INTERNAL':
    case 'UNKNOWN':
    case 'DATA_LOSS':
      return 'server';
    case 'DEADLINE_EXCEEDED':
      return 'timeout';
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
    case 'OUT_OF_RANGE':
      if (hasAuthReason(error.details)) return 'auth';
      return tokenLimitMessage.test(error.message) ? 'context_length' : 'bad_request';
    case 'PERMISSION_DENIED':
    case 'UNAUTHENTICATED':
      return 'auth';
    case 'NOT_FOUND':
      return 'not_found';
    case undefined:
      return kindFromStatus(error.status);
    default:
      return undefined;
  }
}

function isQuotaExhausted(message: string, details: Detail[]): boolean {
  if (zeroLimitMessage.test(message)) return true;
  for (const detail of details) {
    if (!typeOf(detail).endsWith('google.rpc.QuotaFailure') || !Array.isArray(detail.violations)) continue;
    for (const violation of detail.violations as unknown[]) {
      if (!isDetail(violation)) continue;
      const quotaId = violation.quotaId;
      if (typeof quotaId === 'string' && quotaId.includes('PerDay')) return true;
      if (violation.quotaValue === '0' || violation.quotaValue === 0) return true;
    }
  }
  return false;
}

function hasAuthReason(details: Detail[]): boolean {
  return details.some(
    (detail) =>
      typeOf(detail).endsWith('google.rpc.ErrorInfo') &&
      typeof detail.reason === 'string' &&
      authReasons.has(detail.reason),
  );
}

function retryDelayOf(details: Detail[]): number | undefined {
  for (const detail of details) {
    if (typeOf(detail).endsWith('google.rpc.RetryInfo')) return parseDuration(detail.retryDelay);
  }
  return undefined;
}

function errorObject(body: unknown): Detail | undefined {
  // `streamGenerateContent` without `alt=sse` (and some proxies) wrap the status in an array.
  const root = Array.isArray(body) ? (body as unknown[])[0] : body;
  if (!isDetail(root)) return undefined;
  return isDetail(root.error) ? root.error : undefined;
}

function typeOf(detail: Detail): string {
  const type = detail['@type'];
  return typeof type === 'string' ? type : '';
}

function isDetail(value: unknown): value is Detail {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The error for a response whose prompt Gemini refused outright (`promptFeedback.blockReason`, no
 * candidate). It is an error of kind `content_filter`, not a `content_filter` finish: there is no answer
 * at all, and as an error it lets a router configured to fall back on content filtering do so, where an
 * empty answer would pass for a success.
 *
 * @example
 * throw promptBlockedError({ target, feedback: { blockReason: 'SAFETY' }, payload: body });
 */
export function promptBlockedError(options: {
  target: CallTarget;
  feedback: GeminiResponse['promptFeedback'];
  payload: unknown;
}): ApiCallError {
  const reason = options.feedback?.blockReason ?? 'BLOCK_REASON_UNSPECIFIED';
  const detail = options.feedback?.blockReasonMessage;
  const message = `${options.target.provider}: the prompt was blocked (${reason})${detail ? `: ${detail}` : ''}`;
  return new ApiCallError({
    message: redactSecret(message, options.target.secret),
    kind: 'content_filter',
    provider: options.target.provider,
    model: options.target.model,
    code: reason,
    responseBody: redactSecret(JSON.stringify(options.payload).slice(0, 4_000), options.target.secret),
  });
}
