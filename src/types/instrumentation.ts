import type { Attempt, AttemptReason } from './attempt.js';
import type { EmbeddingRequest, EmbeddingResponse } from './embedding.js';
import type { CompletionRequest } from './request.js';
import type { CompletionResponse } from './response.js';
import type { RouterError } from './router-error.js';
import type { FinishReason, Usage } from './usage.js';
import type { SettingWarning } from './warning.js';

/**
 * Observes calls as they happen, for tracing and metrics. Unlike hooks, it hears about an attempt when
 * it starts as well as when it ends, so it can time spans. Every method is optional to implement and
 * isolated: one that throws never breaks a request.
 */
export interface Instrumentation {
  /** A logical call (`router.complete` or `router.stream`) starts. */
  startCall(call: { operation: 'complete' | 'stream'; request: CompletionRequest }): CallObserver | undefined;
  /**
   * A `router.embed` call starts. Optional, so an instrumentation written for completions is never
   * handed a request without messages: without it, embedding calls keep their trail and hooks only.
   */
  startEmbedding?(call: { request: EmbeddingRequest }): EmbeddingCallObserver | undefined;
}

/**
 * Watches one logical call. `Request` and `Response` are the call's kind: completion by default,
 * embedding for {@link EmbeddingCallObserver}.
 */
export interface CallObserver<Request = CompletionRequest, Response = CompletionResponse> {
  /** An attempt is about to be sent to a provider. */
  attemptStarted?(attempt: AttemptStart<Request>): AttemptObserver | undefined;
  /** A target was passed over without a request (breaker open, missing capability). */
  targetSkipped?(attempt: Attempt, error: RouterError): void;
  /** The call ended, with its response or its error. */
  ended?(outcome: CallOutcome<Response>): void;
}

/**
 * Watches one `router.embed` call. Its attempts report `usage` (input tokens) and `responseModel` on
 * success; `firstContent` and `chunk` are never called (an embedding answer is not streamed).
 */
export type EmbeddingCallObserver = CallObserver<EmbeddingRequest, EmbeddingResponse>;

/** What is known when an attempt starts. */
export interface AttemptStart<Request = CompletionRequest> {
  ordinal: number;
  provider: string;
  model: string;
  /** The group member sent to, when the target is one. */
  member?: string;
  reason: AttemptReason;
  /** The request as this target receives it. */
  request: Request;
}

/** What an attempt produced, beyond its trail record. */
export interface AttemptResult {
  /** Model as the provider reported it. */
  responseModel?: string;
  responseId?: string;
  finishReason?: FinishReason;
  usage?: Usage;
  /** Settings the adapter dropped or changed for this attempt (copied onto `Attempt.warnings`). */
  warnings?: readonly SettingWarning[];
  error?: RouterError;
}

/** Watches one attempt. */
export interface AttemptObserver {
  /** A stream's first content part arrived. */
  firstContent?(): void;
  /** A stream's content part arrived (every one, the first included): feeds time per output chunk. */
  chunk?(): void;
  ended?(attempt: Attempt, result: AttemptResult): void;
}

/** How a call ended. */
export interface CallOutcome<Response = CompletionResponse> {
  response?: Response;
  error?: RouterError;
  trail: readonly Attempt[];
}
