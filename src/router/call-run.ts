import { LocalRateLimitError } from '../errors/local-rate-limit-error.js';
import type { Attempt, AttemptReason, Target } from '../types/attempt.js';
import type { Cost, Pricer } from '../types/cost.js';
import type { EmbeddingResponse } from '../types/embedding.js';
import type { CircuitStateChangeEvent, FallbackEvent, RetryEvent, RouterHooks } from '../types/events.js';
import type { AttemptResult, CallOutcome } from '../types/instrumentation.js';
import type { CompletionResponse } from '../types/response.js';
import type { RouterError } from '../types/router-error.js';
import {
  AttemptLog,
  describeError,
  type OpenAttempt,
  type RoutedCallObserver,
} from './attempt/attempt-log.js';
import { isolate } from './attempt/isolate.js';
import type { GroupWatcher } from './groups/member-group.js';

/**
 * The bookkeeping of one router call above the middleware: its trail (attempts the layer beneath
 * recorded, targets the plan skipped), prices, and hook and instrumentation delivery. Handed down as
 * `ProviderCallOptions.context`, where middleware reports retries and breaker changes and the innermost
 * layer writes attempts through the {@link AttemptLog} it extends.
 */
export class CallRun extends AttemptLog {
  readonly trail: Attempt[] = [];
  /** The group the call routes through, told of each attempt and breaker change (its figures). */
  watcher: GroupWatcher | undefined;

  constructor(
    private readonly hooks: RouterHooks | undefined,
    observer: RoutedCallObserver | undefined,
    private readonly pricer: Pricer | undefined,
  ) {
    super(observer);
  }

  /** The router moves to a target: its first attempt is `primary` or `fallback`, later ones `retry`. */
  startTarget(reason: 'primary' | 'fallback' | 'hedge'): void {
    this.nextReason = reason;
    this.pendingRateLimitWaitMs = undefined;
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

  /** The call is over; tells the instrumentation how it ended. */
  end(outcome: Omit<CallOutcome<CompletionResponse | EmbeddingResponse>, 'trail'>): void {
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
    if (target.member !== undefined) record.member = target.member;
    describeError(record, error);
    if (LocalRateLimitError.isInstance(error)) {
      record.rateLimit = { action: 'moved-on', waitMs: error.retryAfterMs ?? 0 };
    } else if (this.pendingRateLimitWaitMs !== undefined) {
      // Held for its slot, then refused below the limiter (an open breaker).
      record.rateLimit = { action: 'waited', waitMs: this.pendingRateLimitWaitMs };
    }
    this.pendingRateLimitWaitMs = undefined;
    this.push(record);
    if (this.observer?.targetSkipped) isolate(() => this.observer!.targetSkipped!(record, error));
  }

  retrying(event: RetryEvent): void {
    this.deliver('onRetry', event);
  }

  circuitStateChanged(event: CircuitStateChangeEvent): void {
    this.watcher?.circuitChanged(event);
    this.deliver('onCircuitStateChange', event);
  }

  fallingBack(event: FallbackEvent): void {
    this.deliver('onFallback', event);
  }

  protected settle(record: Attempt, attempt: OpenAttempt, result: AttemptResult): void {
    if (record.outcome === 'success' && result.warnings) record.warnings = result.warnings;
    if (record.outcome === 'success' && result.usage) {
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

  private push(record: Attempt, attempt?: OpenAttempt, result?: AttemptResult): void {
    this.trail.push(record);
    this.watcher?.attemptEnded(record);
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
