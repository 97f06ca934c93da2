import type { RateBucket, RateDecision } from './gcra.js';

export type { RateBucket, RateDecision } from './gcra.js';

/** How a store's connection to its shared backend stands. The in-memory store is always `connected`. */
export type StateStoreStatus = 'connected' | 'degraded';

/** What {@link StateStore.recordOutcomes} saw: the fleet's failure count, and how long it is now open. */
export interface OutcomeTally {
  /** Counted failures across every replica since the last reported success (within the window). */
  failures: number;
  /** Remaining open time in milliseconds when this tally opened the breaker (or it already was), else 0. */
  openMs: number;
}

/**
 * What the breaker, the rate limiter and the response cache remember, behind one small interface, so the
 * same policies run in one process (the in-memory store) or across a fleet (`llmrouter/redis`). Times are
 * durations, never timestamps: a replica's clock never has to agree with another's.
 *
 * Keys are logical names (`breaker:openai:*`); a store adds its own prefix. Every method may reject (a
 * shared store that is slow or down): callers treat a rejection as "no fleet view", never as a failed call.
 */
export interface StateStore {
  /** `connected`, or `degraded` while a shared backend is unreachable. */
  readonly status: StateStoreStatus;
  /**
   * Makes `key`'s open deadline at least `ttlMs` from now, never shorter than it already is. Resolves with
   * the remaining open time after the change.
   */
  extendDeadline(options: { key: string; ttlMs: number }): Promise<number>;
  /** Remaining open time of `key` in milliseconds, 0 when it is not open. */
  readDeadline(key: string): Promise<number>;
  /** Ends `key`'s open deadline and its failure count (the breaker closed). */
  clearDeadline(key: string): Promise<void>;
  /**
   * Adds a replica's batch of outcomes to the fleet's count for `key`. A success in the batch restarts the
   * count at the batch's failures; reaching `threshold` opens `key` for `openMs` (only ever extending it).
   */
  recordOutcomes(options: {
    key: string;
    failures: number;
    successes: number;
    windowMs: number;
    threshold: number;
    openMs: number;
  }): Promise<OutcomeTally>;
  /** Takes the lease on `key` for `holder` for `ttlMs` if nobody holds it. Resolves true when taken. */
  acquireLease(options: { key: string; holder: string; ttlMs: number }): Promise<boolean>;
  /** Gives the lease back, if `holder` still holds it. */
  releaseLease(options: { key: string; holder: string }): Promise<void>;
  /**
   * One GCRA decision over `buckets` of the limit `key` (the limiter's requests and tokens), atomic across
   * the fleet and timed by the store's own clock. Applies each bucket's `carry`, then admits the call if
   * it fits within `maxWaitMs` (reserving its slot) or refuses it without spending. Zero costs and
   * carries read the budget without writing.
   */
  takeRate(options: {
    key: string;
    buckets: readonly RateBucket[];
    maxWaitMs: number;
  }): Promise<RateDecision>;
  /** Sends `message` to every subscriber of `topic`, this replica's included. */
  publish(topic: string, message: string): Promise<void>;
  /** Listens to `topic`; resolves with the function that stops listening. */
  subscribe(topic: string, listener: (message: string) => void): Promise<() => Promise<void>>;
}
