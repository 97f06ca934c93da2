import type { Attempt, Target } from './attempt.js';
import type { GroupExplanation } from './group.js';
import type { CompletionResponse } from './response.js';
import type { StreamPart } from './stream-part.js';
import type { Tags } from './tags.js';

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call: aborts the HTTP request, stops retries and ends streams. */
  signal?: AbortSignal;
  /** One deadline for the whole call, across every retry and fallback. */
  deadlineMs?: number;
  /** Extra HTTP headers for every attempt of this call. */
  headers?: Record<string, string>;
  /** Extra HTTP headers only for attempts on adapters of one type (`{ anthropic: { 'anthropic-beta': ... } }`). */
  vendorHeaders?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Route through exactly these targets, in order, instead of resolving `request.model` (used by layers
   * that walk the plan themselves, such as structured output's re-ask). Middleware still applies.
   */
  targets?: readonly Target[];
  /**
   * Tags every target of this call must carry (`{ region: 'eu' }`): the others are left out of the plan
   * and of every fallback; none left fails with `NoEligibleTargetError` before any network call.
   */
  require?: Tags;
  /**
   * The call may be sent to two targets at once: with the router's `hedge` policy, a slow first target
   * gets the next one started beside it. Without this, no call is ever duplicated.
   */
  safeToDuplicate?: boolean;
  /** Tags to try first: targets carrying all of them move ahead of the rest, both in plan order. */
  prefer?: Tags;
}

/** Which rule resolved a model. */
export type ResolutionStep = 'group' | 'model-map' | 'provider-name' | 'model-scan';

/**
 * What `router.explain()` plans for when given more than a model name: the call's size and constraints,
 * so the plan is the one such a call would take.
 */
export interface ExplainQuery {
  model: string;
  /**
   * The prompt's tokens. Targets whose context window cannot hold it plus `maxOutputTokens` leave the
   * plan (listed in `excluded`), and a `cost` group prices its members for it.
   */
  estimatedTokens?: number;
  /** The output the call asks for (its `maxTokens`). Default: 0 for the window check, 1,024 for prices. */
  maxOutputTokens?: number;
  /** As the call's `require`: targets missing a tag value leave the plan; none left throws `NoEligibleTargetError`. */
  require?: Tags;
  /** As the call's `prefer`: targets carrying every tag value move first. */
  prefer?: Tags;
  /** The kind of call, for a `latency` group (streams are ordered by time to first token). Default `complete`. */
  operation?: 'complete' | 'stream';
}

/** A target the query's requirement or size leaves out of the plan, and why. */
export interface ExcludedFromPlan extends Target {
  /**
   * `require`: a required tag value is missing (`mismatched` holds what the target has instead);
   * `context_window`: its window (`contextWindow`) is smaller than `requiredTokens`.
   */
  reason: 'require' | 'context_window';
  mismatched?: Readonly<Record<string, string | number | boolean | undefined>>;
  contextWindow?: number;
  requiredTokens?: number;
}

/** What `explain(model)` reports: the rule that matched, and the full ordered plan, without calling anything. */
export interface Explanation {
  requestedModel: string;
  step: ResolutionStep;
  /** Primary target first, then fallbacks in the order they would be tried. */
  plan: Target[];
  /** The group the model resolves to, with its live figures (`step: 'group'` only). */
  group?: GroupExplanation;
  /**
   * The rate-limit budget of each planned target a `rateLimit()` governs, in plan order (targets it
   * does not govern are absent). Present only when the router has such a limiter.
   */
  budgets?: TargetBudget[];
  /** With an {@link ExplainQuery}: the targets its requirement or size left out, in plan order. */
  excluded?: ExcludedFromPlan[];
}

/**
 * What a rate limiter has left for one target, with the figures it decides by. Read without a store
 * command: with a shared store, the figures are the fleet's as of the latest call this process decided
 * against it (`asOf`); the limiter's `remaining()` reads the fleet's current figure.
 */
export interface TargetBudget {
  provider: string;
  model: string;
  /** The limit key the budget lives under (`ratelimit:<provider>:<model or *>`). */
  key: string;
  /** The configured limits (a target's own, where it has them). */
  limits: { requestsPerMinute?: number; tokensPerMinute?: number; requestBurst?: number };
  /** At the limit: `wait` for the slot (up to `maxWaitMs` or the call's deadline), or `fallback` at once. */
  onLimit: 'wait' | 'fallback';
  maxWaitMs: number;
  /** Whole requests that could go now; absent without a requests limit. */
  remainingRequests?: number;
  /** Tokens that could go now; absent without a tokens limit. */
  remainingTokens?: number;
  /** Milliseconds from `asOf` until one more request could go (0: at once). For `fleet`, an upper bound. */
  waitMs: number;
  /** Epoch milliseconds when one more request could go: `asOf + waitMs`. */
  availableAt: number;
  /**
   * `local`: this process's limiter (no store, or the stand-in share while the store is unreachable or
   * before any call went through it); `fleet`: the shared store's figures from its latest decision.
   */
  source: 'local' | 'fleet';
  /** Epoch milliseconds the figures are from. */
  asOf: number;
}

/** A streamed call: iterate it for parts; await `response` for the aggregated result. */
export interface RouterStream extends AsyncIterable<StreamPart> {
  /**
   * The aggregated response once the stream has finished, or the stream's error. Awaiting it without
   * iterating consumes the stream.
   */
  readonly response: Promise<CompletionResponse>;
  /** Attempts so far (final once the stream has ended). */
  readonly trail: readonly Attempt[];
  /** Stops the stream and aborts the upstream request. */
  abort(reason?: unknown): void;
}
