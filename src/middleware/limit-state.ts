import { decideRate } from '../state/gcra.js';
import type { Target } from '../types/attempt.js';
import type { TargetBudget } from '../types/call.js';
import type { RateLimitPolicy } from './rate-limit-policy.js';

/** One limit key's state in this process. */
export interface LimitState {
  key: string;
  provider: string;
  model: string | undefined;
  policy: RateLimitPolicy;
  /** GCRA arrival times of the local limiter (the only one without a store, the stand-in during an outage). */
  local: Array<number | undefined>;
  /** Corrections waiting to ride on the next store decision, per bucket. */
  pending: number[];
  /** The latest decision the store made for this key (for `explain()`), with when it was made. */
  fleet: { remaining: number[]; at: number } | undefined;
}

/**
 * A limit's budget as `explain()` shows it, from memory: with a store, the figures of its latest decision
 * (`fleet`) when there is one; otherwise this process's limiter, read without spending.
 */
export function budgetFigures(target: Target, limit: LimitState, shared: boolean): TargetBudget {
  const { policy } = limit;
  let remaining: number[];
  let waitMs: number;
  let asOf: number;
  const fleet = shared ? limit.fleet : undefined;
  if (fleet) {
    remaining = fleet.remaining;
    asOf = fleet.at;
    // An empty bucket earns one unit back within one interval: the longest the next request waits.
    waitMs = 0;
    for (let index = 0; index < remaining.length; index++) {
      if (remaining[index]! < 1) waitMs = Math.max(waitMs, Math.ceil(policy.shapes[index]!.intervalMs));
    }
  } else {
    asOf = Date.now();
    // One request of one token, on a copy of the arrival times, refused by design (a wait limit of -1):
    // how long until the smallest call could go, spending nothing.
    const peek = decideRate({
      arrivals: [...limit.local],
      buckets: (shared ? policy.localShapes : policy.shapes).map((shape, index) => ({
        ...shape,
        cost: index === policy.requestIndex || index === policy.tokenIndex ? 1 : 0,
      })),
      now: asOf,
      maxWaitMs: -1,
    });
    remaining = peek.remaining;
    waitMs = peek.waitMs;
  }
  const budget: TargetBudget = {
    provider: target.provider,
    model: target.model,
    key: limit.key,
    limits: policy.limits,
    onLimit: policy.waits ? 'wait' : 'fallback',
    maxWaitMs: policy.maxWaitMs,
    waitMs,
    availableAt: asOf + waitMs,
    source: fleet ? 'fleet' : 'local',
    asOf,
  };
  if (policy.requestIndex >= 0) budget.remainingRequests = remaining[policy.requestIndex];
  if (policy.tokenIndex >= 0) budget.remainingTokens = remaining[policy.tokenIndex];
  return budget;
}
