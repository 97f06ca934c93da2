import type {
  FakeErrorOptions,
  FakeErrorReason,
  FakePartialOptions,
  FakeReplyContent,
  HangBehaviour,
  MalformedBehaviour,
  ReplyBehaviour,
  ResetBehaviour,
  StatusBehaviour,
  StreamErrorBehaviour,
  TruncateBehaviour,
} from './fake-behaviour.js';

/** Options of the error builders: the canonical body's message and retry hints, plus a delay. */
export interface FaultErrorOptions extends FakeErrorOptions {
  delayMs?: number;
  headers?: Readonly<Record<string, string>>;
}

/** Options of `faults.status`. */
export interface FaultStatusOptions extends FaultErrorOptions {
  reason?: FakeErrorReason;
  body?: unknown;
}

/** Options of `faults.streamError`. */
export interface FaultStreamErrorOptions extends FakePartialOptions, FakeErrorOptions {
  reason?: FakeErrorReason;
}

function error(reason: FakeErrorReason, options: FaultErrorOptions = {}): StatusBehaviour {
  return { type: 'status', reason, ...options };
}

/**
 * Builders for the behaviours of the fake provider server, each rendered in the format of the request
 * that meets it.
 *
 * @example
 * const server = await startFakeProviderServer();
 * server
 *   .upstream('primary')
 *   .enqueue(faults.overloaded(), faults.rateLimited({ retryAfterSeconds: 1 }), faults.resetAfter(3));
 */
export const faults = {
  /** A normal answer (the default reply when called without content). */
  reply: (content: FakeReplyContent & { delayMs?: number } = {}): ReplyBehaviour => ({
    type: 'reply',
    ...content,
  }),

  /** An HTTP error with the format's canonical body for the status (or `options.body`). */
  status: (status: number, options: FaultStatusOptions = {}): StatusBehaviour => ({
    type: 'status',
    status,
    ...options,
  }),

  /** 429 rate limit; `retryAfterSeconds` / `retryAfterMs` become headers, or Gemini's `RetryInfo`. */
  rateLimited: (options?: FaultErrorOptions) => error('rate_limited', options),

  /**
   * 429 that no wait cures: OpenAI `insufficient_quota`, Anthropic spend limit (`rate_limit_error` with
   * `enforced_spend_limit_reached`), Gemini `RESOURCE_EXHAUSTED` on a per-day quota.
   */
  quotaExhausted: (options?: FaultErrorOptions) => error('quota_exhausted', options),

  /** Anthropic 529 `overloaded_error`; 503 for OpenAI and Gemini (`UNAVAILABLE`). */
  overloaded: (options?: FaultErrorOptions) => error('overloaded', options),

  /** 500. */
  serverError: (options?: FaultErrorOptions) => ({ ...error('server', options), status: 500 }),

  /** 503 in every format. */
  unavailable: (options?: FaultErrorOptions) => ({ ...error('overloaded', options), status: 503 }),

  /** 401 bad API key. */
  unauthorized: (options?: FaultErrorOptions) => error('auth', options),

  /** 403. */
  forbidden: (options?: FaultErrorOptions) => error('permission', options),

  /** 404 unknown model. */
  modelNotFound: (options?: FaultErrorOptions) => error('not_found', options),

  /** 400 invalid request. */
  badRequest: (options?: FaultErrorOptions) => error('bad_request', options),

  /** 400 prompt longer than the model's context window (OpenAI `context_length_exceeded`). */
  contextLength: (options?: FaultErrorOptions) => error('context_length', options),

  /**
   * A successful answer stopped on policy grounds: OpenAI `content_filter`, Anthropic `refusal`, Gemini
   * `SAFETY`. Empty text unless given.
   */
  contentFiltered: (content: FakeReplyContent = {}): ReplyBehaviour => ({
    type: 'reply',
    text: '',
    ...content,
    finishReason: 'content_filter',
  }),

  /** Never answers (or stalls after `afterParts` stream parts) until the client gives up or the server closes. */
  hang: (options: FakePartialOptions = {}): HangBehaviour => ({ type: 'hang', ...options }),

  /** TCP reset before any response. */
  reset: (options: Omit<FakePartialOptions, 'afterParts'> = {}): ResetBehaviour => ({
    type: 'reset',
    ...options,
  }),

  /** TCP reset after the headers and `parts` stream parts. */
  resetAfter: (parts: number, options: Omit<FakePartialOptions, 'afterParts'> = {}): ResetBehaviour => ({
    type: 'reset',
    ...options,
    afterParts: parts,
  }),

  /** An in-band error event (default `overloaded`) after `afterParts` parts (default 0). */
  streamError: (options: FaultStreamErrorOptions = {}): StreamErrorBehaviour => ({
    type: 'streamError',
    ...options,
  }),

  /** A body, or one stream event after `afterParts` parts, that is not valid JSON. */
  malformed: (options: FakePartialOptions = {}): MalformedBehaviour => ({ type: 'malformed', ...options }),

  /** The stream ends cleanly without its terminator (after `afterParts` parts when given). */
  truncate: (options: FakePartialOptions = {}): TruncateBehaviour => ({ type: 'truncate', ...options }),
} as const;
