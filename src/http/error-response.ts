import { ApiCallError } from '../errors/api-call-error.js';
import { kindFromStatus } from '../errors/classify.js';
import type { ErrorKind } from '../types/error-kind.js';
import { redactSecret } from './api-key.js';
import type { HttpResponse } from './http-types.js';
import { parseRetryAfter, parseShouldRetry } from './retry-headers.js';

/** What a provider's error body says, as each adapter's `errors.ts` reads it. */
export interface ErrorBodyDetails {
  /** Overrides the kind the status alone implies (quota vs rate limit, context length, content filter). */
  kind?: ErrorKind;
  message?: string;
  code?: string;
  /** A retry delay found in the body (Gemini `RetryInfo.retryDelay`). */
  retryAfterMs?: number;
}

/** Reads a provider's parsed error body. `body` is `undefined` when it was not JSON. */
export type ErrorBodyReader = (status: number, body: unknown) => ErrorBodyDetails;

const maxBodyChars = 4_000;

/**
 * Builds the `ApiCallError` for a non-2xx response: kind from the status refined by the body, retry
 * delay from the headers (then the body), `x-should-retry`, and the provider's message with the key
 * removed.
 */
export async function apiCallErrorFromResponse(options: {
  response: HttpResponse;
  provider: string;
  model: string;
  readBody: ErrorBodyReader;
  secret?: string;
}): Promise<ApiCallError> {
  const { response, provider, model } = options;
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The status alone still classifies the error.
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const details = options.readBody(response.status, parsed);
  const kind = details.kind ?? kindFromStatus(response.status);
  const providerMessage = details.message ?? (text.slice(0, 300) || `HTTP ${response.status}`);
  const safeMessage = redactSecret(providerMessage, options.secret);
  return new ApiCallError({
    message: `${provider} ${response.status}: ${safeMessage}`,
    kind,
    provider,
    model,
    status: response.status,
    retryAfterMs: parseRetryAfter((name) => response.header(name)) ?? details.retryAfterMs,
    shouldRetry: parseShouldRetry((name) => response.header(name)),
    responseBody: redactSecret(text.slice(0, maxBodyChars), options.secret),
    code: details.code,
  });
}

/** Builds the error for a failure reported inside a stream that had opened with 200. */
export function apiCallErrorFromStreamEvent(options: {
  provider: string;
  model: string;
  payload: unknown;
  readBody: ErrorBodyReader;
  /** Status implied when the event names none (an in-stream error is a server-side failure). */
  status?: number;
  secret?: string;
}): ApiCallError {
  const details = options.readBody(options.status ?? 500, options.payload);
  const message = redactSecret(details.message ?? 'error event in stream', options.secret);
  return new ApiCallError({
    message: `${options.provider} stream error: ${message}`,
    kind: details.kind ?? 'server',
    provider: options.provider,
    model: options.model,
    retryAfterMs: details.retryAfterMs,
    responseBody: redactSecret(JSON.stringify(options.payload).slice(0, maxBodyChars), options.secret),
    code: details.code,
  });
}
