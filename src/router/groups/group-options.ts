import type { Middleware } from '../../middleware/middleware.js';
import type { GroupStrategy, MemberTags } from '../../types/group.js';
import type { Provider } from '../../types/provider.js';

/** One interchangeable member of a group: a target with its own key or deployment, breaker and limits. */
export interface GroupMemberOptions {
  /** A registered provider: its capabilities, and its adapter unless `adapter` gives another. */
  provider: string;
  /** The model this member receives. Default: the group's name if the provider lists it, else its default. */
  model?: string;
  /**
   * The member's name in the trail, metrics, `explain()` and its breaker's and limiter's keys. Default:
   * the provider's name when it appears once in the group, else `provider#n` (n counting from 1).
   */
  name?: string;
  /** Its share under the `weighted` strategy (a positive number). Default 1. */
  weight?: number;
  /** Labels for constraints (`region: eu`); carried on the member's target. */
  tags?: MemberTags;
  /** The adapter this member sends through: its own API key, deployment or region. */
  adapter?: Provider;
  /** Middleware for this member alone (its own rate limit), outside the router's middleware. */
  middleware?: readonly Middleware[];
}

/** Settings of the `latency` strategy. */
export interface LatencyStrategyOptions {
  /** Successful calls a member must have been measured on before it is ranked. Default 5. */
  minSamples?: number;
  /** Share of calls (0 to 0.5) sent first to a member other than the fastest, to keep figures fresh. Default 0.05. */
  exploration?: number;
}

/**
 * A group: a requested model served by interchangeable members. Each call tries the members in the
 * order the strategy gives (members on hold left out), then the model's fallbacks.
 */
export interface GroupOptions {
  /** Default `ordered`: the first member that is not on hold. */
  strategy?: GroupStrategy;
  members: readonly GroupMemberOptions[];
  latency?: LatencyStrategyOptions;
  /**
   * How long a member whose key was rejected (401, 403) stays out of rotation when no circuit breaker
   * holds it. With `circuitBreaker()` the rejection opens that member's breaker, which holds it until its
   * next probe instead. Default 300,000.
   */
  authHoldMs?: number;
}
