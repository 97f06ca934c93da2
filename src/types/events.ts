import type { Attempt, Target } from './attempt.js';
import type { RouterError } from './router-error.js';

/** State of one circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** A retry about to happen, after `delayMs`. */
export interface RetryEvent {
  target: Target;
  /** The attempt number that failed, from 1. */
  attempt: number;
  error: RouterError;
  delayMs: number;
}

/** The router moving from one target to the next. */
export interface FallbackEvent {
  from: Target;
  to: Target;
  error: RouterError;
}

/** A breaker changing state. `target.model` is `*` for a breaker that covers the whole provider. */
export interface CircuitStateChangeEvent {
  target: Target;
  from: CircuitState;
  to: CircuitState;
  /** On a move to `open`: when the breaker will let a probe through, epoch milliseconds. */
  reopensAt?: number;
}

/**
 * Observers of a router's calls. Each receives the same records as the attempt trail. A hook that throws
 * is isolated: the error is reported to `onHookError` (or dropped) and the call goes on.
 */
export interface RouterHooks {
  /**
   * Every attempt as it ends. Settings its adapter dropped or changed are on `attempt.warnings`, on
   * every occurrence: there is no separate warning hook, and `callLogger` describes each distinct
   * warning once per process.
   */
  onAttempt?(attempt: Attempt): void;
  onRetry?(event: RetryEvent): void;
  onFallback?(event: FallbackEvent): void;
  onCircuitStateChange?(event: CircuitStateChangeEvent): void;
  onHookError?(error: unknown, hook: string): void;
}
