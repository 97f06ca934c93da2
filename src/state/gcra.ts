/**
 * One limit a rate decision checks, in the terms of GCRA (the generic cell rate algorithm): a unit is
 * earned back every `intervalMs`, and up to `burst` units may be spent at once after an idle spell.
 */
export interface RateBucket {
  /** Field under the limit's key (`requests`, `tokens`): each bucket has its own theoretical arrival time. */
  name: string;
  /** Period divided by the limit: 60 RPM is 1,000 ms per request. May be fractional. */
  intervalMs: number;
  /** Units that may be spent at once after an idle spell (at least 1). */
  burst: number;
  /** Units this call spends if admitted; 0 reads the budget without spending. */
  cost: number;
  /**
   * Units earlier calls still owe (positive: an overrun) or give back (negative: an unused reservation),
   * applied whether or not this call is admitted. Lets corrections ride on the next decision, so a call
   * costs one round trip to a shared store.
   */
  carry: number;
}

/** What a rate decision came to. */
export interface RateDecision {
  /**
   * True when the call may go: at once when `waitMs` is 0, or after sleeping `waitMs` (its slot is then
   * reserved, so it must not ask again). False when the wait would exceed the caller's `maxWaitMs`.
   */
  allowed: boolean;
  /** Wait before the call may go (allowed), or until it could be admitted (refused). Whole ms. */
  waitMs: number;
  /** Whole units left right now per bucket, in the order given, after this decision. */
  remaining: number[];
}

/**
 * GCRA over theoretical arrival times (`arrivals[i]`, epoch ms of `now`'s clock, `undefined` for a full
 * bucket). Updates `arrivals` in place and reports the decision. Shared by the in-memory store and the
 * limiter's local fallback; the Redis script is the same arithmetic in Lua on Redis's clock.
 */
export function decideRate(options: {
  arrivals: Array<number | undefined>;
  buckets: readonly RateBucket[];
  now: number;
  maxWaitMs: number;
}): RateDecision {
  const { arrivals, buckets, now } = options;
  let wait = 0;
  for (let index = 0; index < buckets.length; index++) {
    const bucket = buckets[index]!;
    const arrival = Math.max(Math.max(arrivals[index] ?? now, now) + bucket.carry * bucket.intervalMs, now);
    arrivals[index] = arrival;
    wait = Math.max(wait, arrival + (bucket.cost - bucket.burst) * bucket.intervalMs - now);
  }
  // Float residue of fractional intervals must not turn "exactly on time" into a 1 ms wait.
  if (wait < 1e-6) wait = 0;
  const allowed = wait <= options.maxWaitMs;
  const remaining: number[] = [];
  for (let index = 0; index < buckets.length; index++) {
    const bucket = buckets[index]!;
    let arrival = arrivals[index]!;
    if (allowed) arrival += bucket.cost * bucket.intervalMs;
    arrivals[index] = arrival > now ? arrival : undefined;
    const left = Math.floor((bucket.burst * bucket.intervalMs - (arrival - now)) / bucket.intervalMs + 1e-9);
    remaining.push(Math.max(0, left));
  }
  return { allowed, waitMs: Math.ceil(wait), remaining };
}
