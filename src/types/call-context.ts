import type { CircuitStateChangeEvent, RetryEvent } from './events.js';

/**
 * The router's view into one call, handed down through `ProviderCallOptions.context`. Middleware that
 * retries or trips breakers reports through it so the trail and hooks see every step; a middleware that
 * does neither only passes it on.
 */
export interface CallContext {
  /** A retry of the current target is about to happen. */
  retrying(event: RetryEvent): void;
  /** A breaker changed state during this call. */
  circuitStateChanged(event: CircuitStateChangeEvent): void;
  /**
   * True while the call has another group member to move to: a rate-limited attempt then moves on at
   * once instead of waiting out the Retry-After on the same member.
   */
  readonly moveOnRateLimit?: boolean;
  /** A rate limiter holds the next attempt on the current target this long for its slot. */
  waitedForRateLimit?(waitMs: number): void;
}
