import type { Attempt, AttemptReason, Target } from '../types/attempt.js';
import type { CallContext } from '../types/call-context.js';
import type { Cost, Pricer } from '../types/cost.js';
import type { CircuitStateChangeEvent, FallbackEvent, RetryEvent, RouterHooks } from '../types/events.js';
import type { AttemptObserver, AttemptResult, CallObserver, CallOutcome } from '../types/instrumentation.js';
import type { CompletionRequest } from '../types/request.js';
import type { RouterError } from '../types/router-error.js';

/** An attempt under way. */
export interface OpenAttempt {
  ordinal: number;
  provider: string;
  model: string;
  reason: AttemptReason;
  startedAt: number;
  startedAtPrecise: number;
  firstContentAt: number | undefined;
  settled: boolean;
  observer: AttemptObserver | undefined;
}

/**
 * The bookkeeping of one router call: its trail, the reason for the next attempt, and hook delivery.
 * Handed down as `ProviderCallOptions.context`; the innermost layer records attempts through it.
 */
export class CallRun implements CallContext {
  readonly trail: Attempt[] = [];
  /**
   * Whether an answer stopped on policy grounds counts as a failure of the current target: true when the
   * router falls back on content filtering and another target remains to try.
   */
  contentFilterFails = false;
  private nextReason: AttemptReason = 'primary';
  private ordinal = 0;

  constructor(
    private readonly hooks: RouterHooks | undefined,
    private readonly observer: CallObserver | undefined,
    private readonly pricer: Pricer | undefined,
  ) {}

  /** Why the next attempt on the current target would be made (`retry` once one has been). */
  get pendingReason(): AttemptReason {
    return this.nextReason;
  }

  /** The router moves to a target: its first attempt is `primary` or `fallback`, later ones `retry`. */
  startTarget(reason: 'primary' | 'fallback'): void {
    this.nextReason = reason;
  }

  begin(provider: string, request: CompletionRequest): OpenAttempt {
    const reason = this.nextReason;
    this.nextReason = 'retry';
    const ordinal = ++this.ordinal;
    const model = request.model;
    const observer = this.observer?.attemptStarted
      ? isolate(() => this.observer!.attemptStarted!({ ordinal, provider, model, reason, request }))
      : undefined;
    return {
      ordinal,
      provider,
      model,
      reason,
      startedAt: Date.now(),
      startedAtPrecise: performance.now(),
      firstContentAt: undefined,
      settled: false,
      observer,
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

  succeed(attempt: OpenAttempt, result: AttemptResult): void {
    if (attempt.settled) return;
    attempt.settled = true;
    const record = this.close(attempt, 'success');
    if (result.warnings) record.warnings = result.warnings;
    if (result.usage) {
      record.usage = result.usage;
      if (this.pricer) {
        const cost = isolate(() =>
          this.pricer!({
            provider: attempt.provider,
            model: result.responseModel ?? attempt.model,
            usage: result.usage!,
          }),
        );
        if (cost) record.cost = cost;
      }
    }
    this.push(record, attempt, result);
  }

  /**
   * The call's total cost: every priced attempt summed. `undefined` without a pricer, or when the attempt
   * that served has no known price (a partial sum would understate the bill).
   */
  totalCost(): Cost | undefined {
    if (!this.pricer) return undefined;
    const served = this.trail.findLast((attempt) => attempt.outcome === 'success');
    if (!served?.cost) return undefined;
    let usd = 0;
    for (const attempt of this.trail) usd += attempt.cost?.usd ?? 0;
    return this.trail.filter((attempt) => attempt.cost).length === 1 ? served.cost : { usd };
  }

  fail(attempt: OpenAttempt, error: RouterError): void {
    if (attempt.settled) return;
    attempt.settled = true;
    const record = this.close(attempt, 'error');
    describeError(record, error);
    this.push(record, attempt, { error });
  }

  /** The call is over; tells the instrumentation how it ended. */
  end(outcome: Omit<CallOutcome, 'trail'>): void {
    if (this.observer?.ended) isolate(() => this.observer!.ended!({ ...outcome, trail: this.trail }));
  }

  /** A target the router did not send to (breaker open, missing capability). */
  skip(target: Target, reason: AttemptReason, error: RouterError): void {
    const record: Attempt = {
      ordinal: ++this.ordinal,
      provider: target.provider,
      model: target.model,
      reason,
      outcome: 'skipped',
      startedAt: Date.now(),
      latencyMs: 0,
    };
    describeError(record, error);
    this.push(record);
    if (this.observer?.targetSkipped) isolate(() => this.observer!.targetSkipped!(record, error));
  }

  retrying(event: RetryEvent): void {
    this.deliver('onRetry', event);
  }

  circuitStateChanged(event: CircuitStateChangeEvent): void {
    this.deliver('onCircuitStateChange', event);
  }

  fallingBack(event: FallbackEvent): void {
    this.deliver('onFallback', event);
  }

  private close(attempt: OpenAttempt, outcome: Attempt['outcome']): Attempt {
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
    if (attempt.firstContentAt !== undefined) {
      record.timeToFirstContentMs = attempt.firstContentAt - attempt.startedAtPrecise;
    }
    return record;
  }

  private push(record: Attempt, attempt?: OpenAttempt, result?: AttemptResult): void {
    this.trail.push(record);
    if (attempt?.observer?.ended) isolate(() => attempt.observer!.ended!(record, result ?? {}));
    this.deliver('onAttempt', record);
  }

  private deliver<Name extends 'onAttempt' | 'onRetry' | 'onFallback' | 'onCircuitStateChange'>(
    name: Name,
    event: Parameters<NonNullable<RouterHooks[Name]>>[0],
  ): void {
    const hook = this.hooks?.[name] as ((value: typeof event) => void) | undefined;
    if (!hook) return;
    try {
      hook.call(this.hooks, event);
    } catch (error) {
      // A hook that throws must never break a request.
      try {
        this.hooks?.onHookError?.(error, name);
      } catch {
        // The error reporter failed too; there is nowhere left to report it.
      }
    }
  }
}

/** Runs instrumentation code so that its failure never reaches the request. */
function isolate<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}

function describeError(record: Attempt, error: RouterError): void {
  record.errorKind = error.kind;
  if (error.status !== undefined) record.status = error.status;
  record.message = error.message;
}
