/** How a group orders its members for each call. */
export type GroupStrategy = 'ordered' | 'weighted' | 'least-busy' | 'latency' | 'cost';

/** Free-form labels on a member (`region: eu`, `zdr: true`, `tier: cheap`). */
export type MemberTags = Readonly<Record<string, string | number | boolean>>;

/**
 * Why a member is out of rotation for now: the provider's Retry-After on a 429 (`rate_limited`), a
 * rejected key (`auth`), or its breaker refusing calls (`circuit_open`).
 */
export type MemberHoldReason = 'rate_limited' | 'auth' | 'circuit_open';

/** One member of a group as `explain()` reports it: its settings and the live figures the strategy reads. */
export interface MemberFigures {
  /** The member's name: in the trail (`Attempt.member`), metrics and its breaker and limiter keys. */
  member: string;
  provider: string;
  model: string;
  /** Its share under `weighted` (1 unless configured). */
  weight: number;
  tags?: MemberTags;
  /** Calls on this member right now. */
  inFlight: number;
  /** Moving average of successful calls' latency, ms (`complete`), once measured. */
  latencyMs?: number;
  /** Moving average of successful streams' time to first content, ms, once measured. */
  timeToFirstTokenMs?: number;
  /** Successful calls measured, per kind. */
  samples: { complete: number; stream: number };
  /** Out of rotation until this instant (epoch ms), and why. Absent while the member takes calls. */
  heldUntil?: number;
  heldFor?: MemberHoldReason;
  /** Estimated US dollars of one call of `costBasis`'s size, when the router knows the price. */
  estimatedCostUsd?: number;
}

/** What `explain()` says of a model that resolves to a group. */
export interface GroupExplanation {
  name: string;
  strategy: GroupStrategy;
  /** Every member, in configured order. */
  members: MemberFigures[];
  /** Member names in the order the next call would try them (members on hold left out). */
  order: string[];
  /** The token counts `estimatedCostUsd` is computed for. */
  costBasis: { inputTokens: number; outputTokens: number };
}
