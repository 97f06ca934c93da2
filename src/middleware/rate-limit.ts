import { abortSourceOf } from '../abort/abort-handle.js';
import { sleep } from '../abort/sleep.js';
import { toRouterError } from '../errors/classify.js';
import { LocalRateLimitError } from '../errors/local-rate-limit-error.js';
import { decideRate, type RateBucket, type RateDecision } from '../state/gcra.js';
import type { StateStore } from '../state/state-store.js';
import type { Target } from '../types/attempt.js';
import type { TargetBudget } from '../types/call.js';
import type { Provider, ProviderCallOptions } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { StreamPart } from '../types/stream-part.js';
import type { Usage } from '../types/usage.js';
import { estimateTokens as defaultEstimate, estimateEmbeddingTokens } from './estimate-tokens.js';
import { budgetFigures, type LimitState } from './limit-state.js';
import type { BudgetReporter } from './middleware.js';
import { wrapProvider } from './middleware.js';
import { RateLeases } from './rate-lease.js';
import {
  mergeSettings,
  type RateLimitPolicy,
  type RateLimitSettings,
  type RateLimitTargetRule,
  rateLimitPolicy,
  TargetRules,
  usedTokens,
  withCosts,
} from './rate-limit-policy.js';

/** Settings for {@link rateLimit}: the shared limits, and targets' own ones over them. */
export interface RateLimitOptions extends RateLimitSettings {
  /** One limit per provider, or per provider and model. */
  scope: 'provider' | 'target';
  /**
   * Targets (providers, or provider and model) with settings of their own over the shared ones: their
   * own limits, or their own `onLimit` (wait for one provider, move on from another). A provider named
   * here is limited even when `providers` leaves it out.
   *
   * @example
   * rateLimit({ requestsPerMinute: 500, onLimit: 'fallback', scope: 'provider', targets: [
   *   { provider: 'azure-eu', onLimit: 'wait', maxWaitMs: 2_000 },
   *   { provider: 'openai', model: 'gpt-4o', requestsPerMinute: 100 },
   * ] });
   */
  targets?: readonly RateLimitTargetRule[];
  /** Only these providers are limited (besides those `targets` names); others pass through untouched. Default: every provider. */
  providers?: readonly string[];
  /**
   * Shares the limits across a fleet (`llmrouter/redis`): one GCRA decision per call, one round trip.
   * While the store is unreachable each call is decided by this process's local limiter, which enforces
   * `1 / replicas` of the limit, so a fleet of `replicas` processes keeps roughly to it.
   */
  store?: StateStore;
  /** Processes sharing `store`'s limits; sets each one's local share during a store outage. Default 1. */
  replicas?: number;
  /**
   * With a store: take the fleet's budget in leases instead of one store decision per call. A lease is
   * this process's share (`1 / replicas`) of `leaseMs` at the limit's rate — request slots, each usable
   * from its own time, and tokens — spent from memory; the next is taken in the background when half is
   * spent, so a healthy provider's calls send no store command. The fleet still keeps to the limit (GCRA
   * decides every lease, and the tokens a lease leaves unspent go back `leaseMs` after its last slot), at
   * the price of coarser sharing: a process may hold up to `leaseMs` of its share that another process then
   * waits for (or, with `onLimit: 'fallback'`, moves on from). Default 0: every call is decided in the store.
   */
  leaseMs?: number;
  /**
   * Token estimate of a completion request (an upper bound). Default {@link defaultEstimate |
   * estimateTokens}. Embedding calls are estimated by `estimateEmbeddingTokens`.
   */
  estimateTokens?: (request: CompletionRequest) => number;
}

/** What is left of a limit right now. A field is `undefined` when that limit is not configured. */
export interface RateLimitRemaining {
  requests: number | undefined;
  tokens: number | undefined;
}

/**
 * A rate-limit middleware that can report what is left of its budgets: `remaining()` asks the store,
 * `budgetOf()` (what `router.explain()` shows) reads memory only.
 */
export interface RateLimitMiddleware extends BudgetReporter {
  /**
   * Budget left for a provider (and model, with `scope: 'target'`): whole requests and tokens that could
   * go now. With a store this is the fleet's figure (one store command, never on a request's path); when
   * the store is unreachable, this process's local one. Corrections not yet sent to the store (they ride
   * on the next call) are not included.
   */
  remaining(target: { provider: string; model?: string }): Promise<RateLimitRemaining>;
}

const wholeProvider = '*';

/**
 * Client-side rate limits per provider (or provider and model): requests per minute and tokens per
 * minute, by GCRA. Without a store the limiter lives in memory and reads the clock only (no timers);
 * with one (`llmrouter/redis`) the fleet shares one budget, decided by one Lua script on Redis's clock
 * per call, and a slow or absent Redis falls back to the local limiter for that call (each replica then
 * enforces its `1 / replicas` share) rather than failing it. Tokens are reserved from
 * `estimateTokens(request)` before the call and corrected with the real usage after.
 *
 * At the limit a call waits for its slot (`onLimit: 'wait'`, never past its deadline) or is refused with
 * a `LocalRateLimitError` (kind `rate_limited`, `retryAfterMs`, not retried by `retry()`) so the router
 * falls back; `targets` sets either per provider or per provider and model. The trail says which
 * happened (`attempt.rateLimit`: `waited` with the wait, or `moved-on` on the skipped target), and
 * `router.explain()` shows each target's budget. List it after `retry()` (each attempt takes a slot) and
 * before `circuitBreaker()` (a local refusal says nothing about the provider's health, and a call the
 * breaker refuses gets its slot back).
 *
 * @example
 * const limits = rateLimit({ requestsPerMinute: 500, tokensPerMinute: 200_000, onLimit: 'fallback', scope: 'provider' });
 * createRouter({ providers, fallbacks: ['anthropic'], middleware: [retry(), limits, circuitBreaker(), timeout()] });
 * await limits.remaining({ provider: 'openai' }); // { requests: 1, tokens: 200000 }
 */
export function rateLimit(options: RateLimitOptions): RateLimitMiddleware {
  const { store } = options;
  const replicas = Math.max(1, options.replicas ?? 1);
  const leaseMs = options.leaseMs ?? 0;
  if (!(Number.isFinite(leaseMs) && leaseMs >= 0)) {
    throw new TypeError('rateLimit({ leaseMs }) must be a non-negative number of milliseconds');
  }
  const leases = store && leaseMs > 0 ? new RateLeases(store, leaseMs, replicas) : undefined;
  const estimate = options.estimateTokens ?? defaultEstimate;
  const perModel = options.scope === 'target';
  const only = options.providers ? new Set(options.providers) : undefined;
  const rules = new TargetRules(options.targets ?? []);
  const basePolicy = rateLimitPolicy(options, replicas);
  // Policies built once per rule; keys resolved once per provider and model.
  const policies = new Map<RateLimitTargetRule, RateLimitPolicy>();
  const states = new Map<string, LimitState>();
  const resolved = new Map<string, Map<string, LimitState>>();

  const governs = (provider: string) => !only || only.has(provider) || rules.names(provider);

  function policyOf(
    rules: Array<RateLimitTargetRule | undefined>,
    owner: RateLimitTargetRule,
  ): RateLimitPolicy {
    let policy = policies.get(owner);
    if (!policy) {
      policy = rateLimitPolicy(mergeSettings(options, rules), replicas);
      policies.set(owner, policy);
    }
    return policy;
  }

  function limitFor(provider: string, model: string): LimitState {
    let byModel = resolved.get(provider);
    if (!byModel) {
      byModel = new Map();
      resolved.set(provider, byModel);
    }
    let limit = byModel.get(model);
    if (limit) return limit;
    const own = rules.exact(provider, model);
    const forProvider = rules.provider(provider);
    // A rule naming the model is a budget of its own; otherwise the scope decides.
    const scoped = own || perModel ? model : wholeProvider;
    const policy = own
      ? policyOf([forProvider, own], own)
      : forProvider
        ? policyOf([forProvider], forProvider)
        : basePolicy;
    // `ratelimit:<provider>:<model|*>`; a member (key, deployment) is a target of its own.
    const key = `ratelimit:${provider}:${scoped}`;
    limit = states.get(key);
    if (!limit) {
      limit = {
        key,
        provider,
        model: scoped === wholeProvider ? undefined : model,
        policy,
        local: policy.shapes.map(() => undefined),
        pending: policy.shapes.map(() => 0),
        fleet: undefined,
      };
      states.set(key, limit);
    }
    byModel.set(model, limit);
    return limit;
  }

  function decideLocally(limit: LimitState, buckets: RateBucket[], wait: number): RateDecision {
    return decideRate({ arrivals: limit.local, buckets, now: Date.now(), maxWaitMs: wait });
  }

  /** Decides a call: one store round trip with a store, none without. Says where it was decided. */
  async function decide(
    limit: LimitState,
    tokens: number,
    wait: number,
  ): Promise<{ decision: RateDecision; local: boolean }> {
    const { policy } = limit;
    if (!store) {
      return {
        decision: decideLocally(limit, withCosts(policy, policy.shapes, { tokens }), wait),
        local: true,
      };
    }
    if (leases) {
      try {
        return { decision: await leases.decide(limit, tokens, wait), local: false };
      } catch {
        // The store is unreachable and the lease spent: decided here (the lease kept the corrections).
        return {
          decision: decideLocally(limit, withCosts(policy, policy.localShapes, { tokens }), wait),
          local: true,
        };
      }
    }
    const carry = limit.pending;
    limit.pending = policy.shapes.map(() => 0);
    try {
      const buckets = withCosts(policy, policy.shapes, { tokens, carry });
      const decision = await store.takeRate({ key: limit.key, buckets, maxWaitMs: wait });
      limit.fleet = { remaining: decision.remaining, at: Date.now() };
      return { decision, local: false };
    } catch {
      // Redis slow or down: this call is decided here, and the corrections wait for the next store call.
      for (let index = 0; index < carry.length; index++) limit.pending[index]! += carry[index]!;
      limit.fleet = undefined;
      return {
        decision: decideLocally(limit, withCosts(policy, policy.localShapes, { tokens }), wait),
        local: true,
      };
    }
  }

  /** Gives back (negative) or charges (positive) units to whichever limiter admitted the call. */
  function correct(limit: LimitState, local: boolean, change: { requests: number; tokens: number }): void {
    if (change.requests === 0 && change.tokens === 0) return;
    const { policy } = limit;
    const carry = policy.shapes.map((_shape, index) =>
      index === policy.requestIndex ? change.requests : index === policy.tokenIndex ? change.tokens : 0,
    );
    if (!local) {
      for (let index = 0; index < carry.length; index++) limit.pending[index]! += carry[index]!;
      return;
    }
    const buckets = (store ? policy.localShapes : policy.shapes).map((shape, index) => ({
      ...shape,
      carry: carry[index]!,
    }));
    decideLocally(limit, buckets, 0);
  }

  /** Waits for the call's slot or throws `LocalRateLimitError`. Resolves with where it was decided. */
  async function admit(
    limit: LimitState,
    tokens: number,
    callOptions: ProviderCallOptions | undefined,
  ): Promise<boolean> {
    const { policy } = limit;
    const deadline = callOptions?.deadline;
    const wait = policy.waits
      ? Math.max(
          0,
          Math.min(policy.maxWaitMs, deadline === undefined ? policy.maxWaitMs : deadline - Date.now()),
        )
      : 0;
    const { decision, local } = await decide(limit, tokens, wait);
    if (!decision.allowed) {
      throw new LocalRateLimitError({
        provider: limit.provider,
        model: limit.model,
        retryAfterMs: decision.waitMs,
        limits: policy.text,
      });
    }
    if (decision.waitMs > 0) {
      callOptions?.context?.waitedForRateLimit?.(decision.waitMs);
      try {
        await sleep(decision.waitMs, abortSourceOf(callOptions));
      } catch (error) {
        // Cancelled while waiting: the reserved slot goes back to the budget.
        correct(limit, local, { requests: -1, tokens: -tokens });
        throw error;
      }
    }
    return local;
  }

  /** The correction once a call has ended: real usage against the reservation. */
  function settle(
    limit: LimitState,
    local: boolean,
    outcome: { reserved: number; usage?: Usage; error?: unknown },
  ) {
    if (outcome.error !== undefined && toRouterError(outcome.error).kind === 'circuit_open') {
      // The breaker refused it: nothing reached the provider.
      correct(limit, local, { requests: -1, tokens: -outcome.reserved });
      return;
    }
    if (limit.policy.tokenIndex < 0) return;
    const used = usedTokens(outcome.usage);
    // A failed call without usage keeps its reservation: the provider may well have counted the prompt.
    if (used !== undefined) correct(limit, local, { requests: 0, tokens: used - outcome.reserved });
  }

  function budgetOf(target: Target): TargetBudget | undefined {
    if (!governs(target.provider)) return undefined;
    const limit = limitFor(target.provider, target.model);
    return limit.policy.shapes.length === 0 ? undefined : budgetFigures(target, limit, store !== undefined);
  }

  const middleware = (next: Provider): Provider => {
    if (!governs(next.name)) return next;
    /** One whole answer (`complete`, `embed`): a slot and its estimated tokens first, corrected after. */
    async function limited<T extends { usage?: Usage }>(
      request: { model: string },
      estimateOf: () => number,
      callOptions: ProviderCallOptions | undefined,
      send: () => Promise<T>,
    ): Promise<T> {
      const limit = limitFor(next.name, request.model);
      if (limit.policy.shapes.length === 0) return send();
      const reserved = limit.policy.tokenIndex >= 0 ? estimateOf() : 0;
      const local = await admit(limit, reserved, callOptions);
      try {
        const response = await send();
        settle(limit, local, { reserved, usage: response.usage });
        return response;
      } catch (error) {
        settle(limit, local, { reserved, error });
        throw error;
      }
    }

    const wrapped: Provider = {
      ...wrapProvider(next),
      complete: (request, callOptions) =>
        limited(
          request,
          () => estimate(request),
          callOptions,
          () => next.complete(request, callOptions),
        ),
      async *stream(request, callOptions): AsyncGenerator<StreamPart> {
        const limit = limitFor(next.name, request.model);
        if (limit.policy.shapes.length === 0) {
          yield* next.stream(request, callOptions);
          return;
        }
        const reserved = limit.policy.tokenIndex >= 0 ? estimate(request) : 0;
        const local = await admit(limit, reserved, callOptions);
        let usage: Usage | undefined;
        let failure: unknown;
        try {
          for await (const part of next.stream(request, callOptions)) {
            if (part.type === 'finish') usage = part.usage;
            yield part;
          }
        } catch (error) {
          failure = error;
          throw error;
        } finally {
          settle(limit, local, { reserved, usage, error: failure });
        }
      },
    };
    const embed = next.embed;
    if (embed) {
      wrapped.embed = (request, callOptions) =>
        limited(
          request,
          () => estimateEmbeddingTokens(request),
          callOptions,
          () => embed.call(next, request, callOptions),
        );
    }
    return wrapped;
  };

  return Object.assign(middleware, {
    budgetOf,
    async remaining(target: { provider: string; model?: string }): Promise<RateLimitRemaining> {
      const limit = limitFor(target.provider, target.model ?? wholeProvider);
      const { policy } = limit;
      const read = policy.shapes.map((shape) => ({ ...shape }));
      let remaining: number[];
      try {
        if (!store) throw new Error('no store');
        remaining = (await store.takeRate({ key: limit.key, buckets: read, maxWaitMs: 0 })).remaining;
      } catch {
        remaining = decideLocally(
          limit,
          store ? policy.localShapes.map((shape) => ({ ...shape })) : read,
          0,
        ).remaining;
      }
      return {
        requests: policy.requestIndex >= 0 ? remaining[policy.requestIndex] : undefined,
        tokens: policy.tokenIndex >= 0 ? remaining[policy.tokenIndex] : undefined,
      };
    },
  });
}
