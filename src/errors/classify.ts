import type { ErrorKind } from '../types/error-kind.js';
import { RouterError } from '../types/router-error.js';
import { CancelledError } from './cancelled-error.js';
import { ERROR_POLICY } from './error-policy.js';

/** The error kind an HTTP status means on its own, before the body refines it. */
export function kindFromStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
    case 422:
      return 'bad_request';
    case 401:
    case 403:
      return 'auth';
    case 404:
      return 'not_found';
    case 408:
      return 'timeout';
    case 409:
      return 'server';
    case 413:
      return 'context_length';
    case 429:
      return 'rate_limited';
    case 503:
    case 529:
      return 'overloaded';
    default:
      return status >= 500 ? 'server' : 'bad_request';
  }
}

const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The error kind of anything thrown during a call: llmrouter errors keep theirs; aborts are `cancelled`;
 * socket, DNS and TLS failures are `network`; errors carrying an HTTP `status` are classified by it;
 * anything else is `server` (an unexpected failure inside the provider layer).
 */
export function classifyError(error: unknown): ErrorKind {
  if (RouterError.isInstance(error)) return error.kind;
  if (error instanceof Error && error.name === 'AbortError') return 'cancelled';
  const code = codeOf(error);
  if (code !== undefined) {
    if (networkCodes.has(code)) return 'network';
    if (timeoutCodes.has(code)) return 'timeout';
    if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return 'cancelled';
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return kindFromStatus(status);
  if (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message)) return 'network';
  return 'server';
}

/** Wraps anything thrown into a `RouterError`, naming the target. A `RouterError` passes through. */
export function toRouterError(
  error: unknown,
  target: { provider?: string; model?: string } = {},
): RouterError {
  if (RouterError.isInstance(error)) return error;
  const kind = classifyError(error);
  if (kind === 'cancelled') return new CancelledError({ ...target, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new RouterError({ message, kind, ...target, cause: error });
}

/**
 * Whether the same target should be tried again: the provider's `x-should-retry` verdict when it gave
 * one, else the error table.
 */
export function isRetryable(error: unknown): boolean {
  if (RouterError.isInstance(error)) {
    if (error.kind === 'cancelled' || error.kind === 'circuit_open') return false;
    if (error.shouldRetry !== undefined) return error.shouldRetry;
    return ERROR_POLICY[error.kind].retry;
  }
  return ERROR_POLICY[classifyError(error)].retry;
}

/** Whether the router should move on to the next target after this error. */
export function isFallbackEligible(
  error: unknown,
  options: { fallbackOnContentFilter?: boolean } = {},
): boolean {
  const kind = classifyError(error);
  if (kind === 'content_filter') return options.fallbackOnContentFilter === true;
  return ERROR_POLICY[kind].fallback;
}

/** Whether this error says something about the provider's health (and so counts against its breaker). */
export function countsAgainstBreaker(error: unknown): boolean {
  return ERROR_POLICY[classifyError(error)].countsAgainstBreaker;
}
