import type { Attempt, AttemptReason } from '../../types/attempt.js';
import type { CallContext } from '../../types/call-context.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../../types/embedding.js';
import type { CircuitStateChangeEvent, RetryEvent } from '../../types/events.js';
import type { AttemptObserver, AttemptResult, CallObserver } from '../../types/instrumentation.js';
import type { CompletionRequest } from '../../types/request.js';
import type { CompletionResponse } from '../../types/response.js';
import type { RouterError } from '../../types/router-error.js';
import { isolate } from './isolate.js';

/**
 * The observer of a call of either kind: the instrumentation's completion observer for `complete` and
 * `stream`, its embedding observer for `embed`. Each call's requests are of its own kind.
 */
export type RoutedCallObserver = CallObserver<
  CompletionRequest | EmbeddingRequest,
  CompletionResponse | EmbeddingResponse
>;

/** An attempt under way. */
export interface OpenAttempt {
  ordinal: number;
  provider: string;
  model: string;
  /** The group member sent to, when the target is one. */
  member: string | undefined;
  reason: AttemptReason;
  startedAt: number;
  startedAtPrecise: number;
  firstContentAt: number | undefined;
  settled: boolean;
  observer: AttemptObserver | undefined;
  /** How long a rate limiter held the attempt for its slot before it was sent. */
  rateLimitWaitMs: number | undefined;
}

/**
 * What the innermost layer writes as it sends each attempt: when it started, when its first content
 * arrived, how it ended. The call above the middleware extends it (`CallRun`) and decides where a
 * finished record goes (trail, hooks, instrumentation), so this layer never reaches back up; one object
 * per call serves both, handed down as `ProviderCallOptions.context`.
 */
export abstract class AttemptLog implements CallContext {
  /**
   * Whether an answer stopped on policy grounds counts as a failure of the current target: true when the
   * router falls back on content filtering and another target remains to try.
   */
  contentFilterFails = false;
  /** Whether another group member remains to move to (see `CallContext.moveOnRateLimit`). */
  moveOnRateLimit = false;
  protected nextReason: AttemptReason = 'primary';
  protected ordinal = 0;
  /** A rate limiter's wait for the next attempt, taken by the attempt (or the skip) that follows it. */
  protected pendingRateLimitWaitMs: number | undefined = undefined;

  constructor(protected readonly observer: RoutedCallObserver | undefined) {}

  /** Why the next attempt on the current target would be made (`retry` once one has been). */
  get pendingReason(): AttemptReason {
    return this.nextReason;
  }

  /** A rate limiter holds the next attempt this long: its record will say so. */
  waitedForRateLimit(waitMs: number): void {
    this.pendingRateLimitWaitMs = waitMs;
  }

  /**
   * An attempt is about to be sent: numbers it, gives it its reason, starts its clocks, and tells the
   * call's instrumentation.
   */
  begin(provider: string, request: CompletionRequest | EmbeddingRequest, member?: string): OpenAttempt {
    const reason = this.nextReason;
    this.nextReason = 'retry';
    const rateLimitWaitMs = this.pendingRateLimitWaitMs;
    this.pendingRateLimitWaitMs = undefined;
    const ordinal = ++this.ordinal;
    const model = request.model;
    const observer = this.observer?.attemptStarted
      ? isolate(() => this.observer!.attemptStarted!({ ordinal, provider, model, member, reason, request }))
      : undefined;
    return {
      ordinal,
      provider,
      model,
      member,
      reason,
      startedAt: Date.now(),
      startedAtPrecise: performance.now(),
      firstContentAt: undefined,
      settled: false,
      observer,
      rateLimitWaitMs,
    };
  }

  /** A content part of a stream arrived. */
  content(attempt: OpenAttempt): void {
    const observer = attempt.observer;
    if (attempt.firstContentAt === undefined) {
      attempt.firstContentAt = performance.now();
      if (observer?.firstContent) isolate(() => observer.firstContent!());
    }
    if (observer?.chunk) isolate(() => observer.chunk!());
  }

  /** The attempt answered; the first outcome recorded for an attempt is the one that counts. */
  succeed(attempt: OpenAttempt, result: AttemptResult): void {
    if (attempt.settled) return;
    attempt.settled = true;
    this.settle(close(attempt, 'success'), attempt, result);
  }

  /** The attempt failed with `error`; ignored once the attempt has an outcome. */
  fail(attempt: OpenAttempt, error: RouterError): void {
    if (attempt.settled) return;
    attempt.settled = true;
    const record = close(attempt, 'error');
    describeError(record, error);
    this.settle(record, attempt, { error });
  }

  abstract retrying(event: RetryEvent): void;
  abstract circuitStateChanged(event: CircuitStateChangeEvent): void;

  /** Takes a finished attempt's record, exactly once per attempt. */
  protected abstract settle(record: Attempt, attempt: OpenAttempt, result: AttemptResult): void;
}

/** Copies what the trail shows of an error onto its record. */
export function describeError(record: Attempt, error: RouterError): void {
  record.errorKind = error.kind;
  if (error.status !== undefined) record.status = error.status;
  record.message = error.message;
}

function close(attempt: OpenAttempt, outcome: Attempt['outcome']): Attempt {
  const now = performance.now();
  const record: Attempt = {
    ordinal: attempt.ordinal,
    provider: attempt.provider,
    model: attempt.model,
    reason: attempt.reason,
    outcome,
    startedAt: attempt.startedAt,
    latencyMs: now - attempt.startedAtPrecise,
  };
  if (attempt.member !== undefined) record.member = attempt.member;
  if (attempt.firstContentAt !== undefined) {
    record.timeToFirstContentMs = attempt.firstContentAt - attempt.startedAtPrecise;
  }
  if (attempt.rateLimitWaitMs !== undefined) {
    record.rateLimit = { action: 'waited', waitMs: attempt.rateLimitWaitMs };
  }
  return record;
}
