/** The wire formats the fake provider server speaks. */
export type FakeFormat = 'openai' | 'anthropic' | 'gemini';

/**
 * Token counts of a fake reply in the library's normalised terms. Each format renders them into its own
 * fields (OpenAI `prompt_tokens`, Anthropic `input_tokens` without cache reads and writes, Gemini
 * `candidatesTokenCount` without thoughts, ...). Omitted counts are estimated at four characters a token.
 */
export interface FakeUsage {
  /** Prompt tokens, cached ones included. Defaults to 10. */
  inputTokens?: number;
  /** Prompt tokens read from the cache (a subset of `inputTokens`). */
  cachedInputTokens?: number;
  /** Prompt tokens written to the cache (a subset of `inputTokens`; Anthropic only). */
  cacheWriteTokens?: number;
  /** Generated tokens, reasoning included. */
  outputTokens?: number;
  /** Generated tokens spent on reasoning (a subset of `outputTokens`). */
  reasoningTokens?: number;
}

/** A tool call the fake model makes. */
export interface FakeToolCall {
  name: string;
  /**
   * The arguments. A string is sent verbatim where the wire carries a string (OpenAI, Anthropic streams),
   * so invalid JSON can be scripted; where it carries an object (Gemini, whole Anthropic messages) a
   * string that does not parse becomes `{}`.
   */
  arguments: Record<string, unknown> | string;
  /** Call id; defaults to one derived from the response id and the call's position. */
  id?: string;
}

/** Why the fake model stopped, rendered as each format's own word. */
export type FakeFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** What a fake reply says and how it is paced. Every field is optional. */
export interface FakeReplyContent {
  /** Answer text. Defaults to a short fixed sentence, or `''` when `toolCalls` are given. */
  text?: string;
  toolCalls?: readonly FakeToolCall[];
  /** Reasoning text (OpenAI-compatible `reasoning_content`, Anthropic `thinking`, Gemini `thought` parts). */
  reasoning?: string;
  usage?: FakeUsage;
  /** Defaults to `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: FakeFinishReason;
  /** Sent verbatim instead of the mapped `finishReason` (e.g. Anthropic `pause_turn`, Gemini `RECITATION`). */
  rawFinishReason?: string;
  /** Model reported in the response; defaults to the requested model. */
  model?: string;
  /** Pause between stream parts (and keep-alive comments), in milliseconds. */
  partDelayMs?: number;
  /** Characters per text, reasoning and tool-argument delta. By default text streams word by word. */
  chunkSize?: number;
  /** SSE comments (`: keep-alive`) written before each stream part, each followed by `partDelayMs`. */
  keepAliveComments?: number;
}

/** A normal answer, rendered in the request's format, streaming or not. */
export interface ReplyBehaviour extends FakeReplyContent {
  type: 'reply';
  /** Wait before the status line and headers, in milliseconds. */
  delayMs?: number;
}

/**
 * What an error is about. It picks the canonical error body for the format and, when `status` is not
 * given, the status (`overloaded` is 529 for Anthropic and 503 elsewhere).
 */
export type FakeErrorReason =
  | 'rate_limited'
  | 'quota_exhausted'
  | 'overloaded'
  | 'server'
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'bad_request'
  | 'context_length';

/** Options shared by the error behaviours. */
export interface FakeErrorOptions {
  /** Replaces the message in the canonical body. */
  message?: string;
  /**
   * `Retry-After` in seconds (OpenAI, Anthropic) or a `google.rpc.RetryInfo` `retryDelay` detail in the body
   * (Gemini, which sends no retry header).
   */
  retryAfterSeconds?: number;
  /** `retry-after-ms` header (OpenAI, Anthropic) or a fractional `retryDelay` (Gemini). */
  retryAfterMs?: number;
  /** Sends `x-should-retry: true|false`. */
  shouldRetry?: boolean;
}

/** An HTTP error answer. */
export interface StatusBehaviour extends FakeErrorOptions {
  type: 'status';
  /** Defaults to the status `reason` implies, else 500. */
  status?: number;
  /** Defaults to the reason the status implies (429 `rate_limited`, 401 `auth`, ...). */
  reason?: FakeErrorReason;
  /** Extra headers, written last so they win. */
  headers?: Readonly<Record<string, string>>;
  /** Replaces the canonical body: a string is sent verbatim (as `text/plain` unless `headers` say), anything else as JSON. */
  body?: unknown;
  delayMs?: number;
}

/** Options shared by the behaviours that break a response part-way. */
export interface FakePartialOptions {
  /**
   * How many stream parts (SSE events, keep-alive comments not counted) are written before the fault.
   * The parts are, per format: OpenAI role prelude, reasoning deltas, text deltas, tool-call deltas, finish
   * chunk, usage chunk (with `stream_options.include_usage`), `[DONE]`; Anthropic `message_start`,
   * `content_block_start`, `ping`, deltas, `content_block_stop` per block, `message_delta`, `message_stop`;
   * Gemini one chunk per delta or tool call, the last carrying `finishReason`.
   */
  afterParts?: number;
  /** The content whose parts are written before the fault; defaults to the default reply. */
  reply?: FakeReplyContent;
  delayMs?: number;
}

/**
 * Accept the request and never answer, until the client aborts or the server closes. Without
 * `afterParts` nothing is sent; with it the headers and that many parts are sent, then the stream stalls
 * (a non-streaming request gets only the headers).
 */
export interface HangBehaviour extends FakePartialOptions {
  type: 'hang';
}

/**
 * Destroy the connection with a TCP reset. Without `afterParts` before any response; with it after the
 * headers and that many parts (a non-streaming request gets half of its body).
 */
export interface ResetBehaviour extends FakePartialOptions {
  type: 'reset';
}

/**
 * After `afterParts` parts (default 0), an in-band error in the format's own shape (OpenAI
 * `data: {"error":...}`, Anthropic `event: error`, Gemini an `{error}` chunk), then a normal end of
 * connection. A non-streaming request gets the same error as an HTTP status.
 */
export interface StreamErrorBehaviour extends FakePartialOptions, FakeErrorOptions {
  type: 'streamError';
  /** Defaults to `overloaded`. */
  reason?: FakeErrorReason;
}

/**
 * Invalid JSON: a non-streaming request gets a 200 whose body does not parse; a stream gets one event
 * whose data does not parse after `afterParts` parts (default 0), then the rest of the stream as normal.
 */
export interface MalformedBehaviour extends FakePartialOptions {
  type: 'malformed';
}

/**
 * The stream ends cleanly after `afterParts` parts without its terminator (`[DONE]`, `message_stop`, or
 * Gemini's `finishReason` chunk). By default only the terminator is missing. A non-streaming request gets
 * half of its body, then a clean end.
 */
export interface TruncateBehaviour extends FakePartialOptions {
  type: 'truncate';
}

/** One scripted answer of the fake provider server. Build them with `faults`, or write them out. */
export type FakeBehaviour =
  | ReplyBehaviour
  | StatusBehaviour
  | HangBehaviour
  | ResetBehaviour
  | StreamErrorBehaviour
  | MalformedBehaviour
  | TruncateBehaviour;
