import type { Attempt, AttemptReason } from './attempt.js';
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
}

/** Watches one logical call. */
export interface CallObserver {
  /** An attempt is about to be sent to a provider. */
  attemptStarted?(attempt: AttemptStart): AttemptObserver | undefined;
  /** A target was passed over without a request (breaker open, missing capability). */
  targetSkipped?(attempt: Attempt, error: RouterError): void;
  /** The call ended, with its response or its error. */
  ended?(outcome: CallOutcome): void;
}

/** What is known when an attempt starts. */
export interface AttemptStart {
  ordinal: number;
  provider: string;
  model: string;
  /** The group member sent to, when the target is one. */
  member?: string;
  reason: AttemptReason;
  /** The request as this target receives it. */
  request: CompletionRequest;
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
export interface CallOutcome {
  response?: CompletionResponse;
  error?: RouterError;
  trail: readonly Attempt[];
}
