import { abortSourceOf } from '../abort/abort-handle.js';
import { sleep } from '../abort/sleep.js';
import { toRouterError } from '../errors/classify.js';
import { LocalRateLimitError } from '../errors/local-rate-limit-error.js';
import { decideRate, type RateBucket, type RateDecision } from '../state/gcra.js';
import type { StateStore } from '../state/state-store.js';
import type { Provider, ProviderCallOptions } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { StreamPart } from '../types/stream-part.js';
import type { Usage } from '../types/usage.js';
import { estimateTokens as defaultEstimate, estimateEmbeddingTokens } from './estimate-tokens.js';
import type { Middleware } from './middleware.js';
import { wrapProvider } from './middleware.js';

/** Settings for {@link rateLimit}. */
export interface RateLimitOptions {
  /** Requests per minute per limit key. */
  requestsPerMinute?: number;
  /** Tokens per minute per limit key, reserved from an estimate before the call, corrected after. */
  tokensPerMinute?: number;
  /**
   * Requests that may go at once after an idle spell. Default 1: calls are spaced evenly (60 RPM is one a
   * second), so no minute ever sees more than the limit. Larger values allow bursts at the price of up to
   * `requestBurst - 1` extra calls in the minute after an idle one. Tokens always allow a whole minute's
   * budget at once (a single call may need that much).
   */
  requestBurst?: number;
  /**
   * At the limit: `wait` sleeps until the call's slot (bounded by its deadline and `maxWaitMs`, else it is
   * refused); `fallback` refuses at once so the router moves to the next target.
   */
  onLimit: 'wait' | 'fallback';
  /** Longest wait with `onLimit: 'wait'` when the call has no deadline. Default 60,000. */
  maxWaitMs?: number;
  /** One limit per provider, or per provider and model. */
  scope: 'provider' | 'target';
  /** Only these providers are limited; others pass through untouched. Default: every provider. */
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

/** A rate-limit middleware that can report what is left of its budgets. */
export interface RateLimitMiddleware extends Middleware {
  /**
   * Budget left for a provider (and model, with `scope: 'target'`): whole requests and tokens that could
   * go now. With a store this is the fleet's figure (one store command, never on a request's path); when
   * the store is unreachable, this process's local one. Corrections not yet sent to the store (they ride
   * on the next call) are not included.
   */
  remaining(target: { provider: string; model?: string }): Promise<RateLimitRemaining>;
}

/** One limit key's state in this process. */
interface LimitState {
  key: string;
  provider: string;
  model: string | undefined;
  /** GCRA arrival times of the local limiter (the only one without a store, the stand-in during an outage). */
  local: Array<number | undefined>;
  /** Corrections waiting to ride on the next store decision, per bucket. */
  pending: number[];
}

const wholeProvider = '*';
const minuteMs = 60_000;

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
 * falls back. List it after `retry()` (each attempt takes a slot) and before `circuitBreaker()` (a local
 * refusal says nothing about the provider's health, and a call the breaker refuses gets its slot back).
 *
 * @example
 * const limits = rateLimit({ requestsPerMinute: 500, tokensPerMinute: 200_000, onLimit: 'fallback', scope: 'provider' });
 * createRouter({ providers, fallbacks: ['anthropic'], middleware: [retry(), limits, circuitBreaker(), timeout()] });
 * await limits.remaining({ provider: 'openai' }); // { requests: 1, tokens: 200000 }
 */
export function rateLimit(options: RateLimitOptions): RateLimitMiddleware {
  const { store } = options;
  const replicas = Math.max(1, options.replicas ?? 1);
  const estimate = options.estimateTokens ?? defaultEstimate;
  const waits = options.onLimit === 'wait';
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const perModel = options.scope === 'target';
  const only = options.providers ? new Set(options.providers) : undefined;

  // Bucket shapes built once; a call only copies them with its own cost.
  const shapes: RateBucket[] = [];
  const described: string[] = [];
  if (options.requestsPerMinute !== undefined) {
    const burst = Math.max(1, Math.floor(options.requestBurst ?? 1));
    shapes.push({
      name: 'requests',
      intervalMs: minuteMs / options.requestsPerMinute,
      burst,
      cost: 0,
      carry: 0,
    });
    described.push(`${options.requestsPerMinute} requests/min`);
  }
  const requestIndex = options.requestsPerMinute !== undefined ? 0 : -1;
  const tokenIndex = options.tokensPerMinute !== undefined ? shapes.length : -1;
  if (options.tokensPerMinute !== undefined) {
    shapes.push({
      name: 'tokens',
      intervalMs: minuteMs / options.tokensPerMinute,
      burst: options.tokensPerMinute,
      cost: 0,
      carry: 0,
    });
    described.push(`${options.tokensPerMinute} tokens/min`);
  }
  const localShapes = shapes.map((shape) => ({
    ...shape,
    intervalMs: shape.intervalMs * replicas,
    burst: Math.max(1, Math.floor(shape.burst / replicas)),
  }));
  const limitsText = described.join(', ');
  const limits = new Map<string, Map<string, LimitState>>();

  function limitFor(provider: string, model: string): LimitState {
    let byModel = limits.get(provider);
    if (!byModel) {
      byModel = new Map();
      limits.set(provider, byModel);
    }
    const scoped = perModel ? model : wholeProvider;
    let limit = byModel.get(scoped);
    if (!limit) {
      // `ratelimit:<provider>:<model|*>`; a member (key, deployment) would add its own segment.
      limit = {
        key: `ratelimit:${provider}:${scoped}`,
        provider,
        model: perModel ? model : undefined,
        local: shapes.map(() => undefined),
        pending: shapes.map(() => 0),
      };
      byModel.set(scoped, limit);
    }
    return limit;
  }

  function withCosts(from: readonly RateBucket[], costs: { tokens: number; carry?: number[] }): RateBucket[] {
    return from.map((shape, index) => ({
      ...shape,
      cost: index === tokenIndex ? costs.tokens : index === requestIndex ? 1 : 0,
      carry: costs.carry?.[index] ?? 0,
    }));
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
    if (!store) return { decision: decideLocally(limit, withCosts(shapes, { tokens }), wait), local: true };
    const carry = limit.pending;
    limit.pending = shapes.map(() => 0);
    try {
      const buckets = withCosts(shapes, { tokens, carry });
      return { decision: await store.takeRate({ key: limit.key, buckets, maxWaitMs: wait }), local: false };
    } catch {
      // Redis slow or down: this call is decided here, and the corrections wait for the next store call.
      for (let index = 0; index < carry.length; index++) limit.pending[index]! += carry[index]!;
      return { decision: decideLocally(limit, withCosts(localShapes, { tokens }), wait), local: true };
    }
  }

  /** Gives back (negative) or charges (positive) units to whichever limiter admitted the call. */
  function correct(limit: LimitState, local: boolean, change: { requests: number; tokens: number }): void {
    if (change.requests === 0 && change.tokens === 0) return;
    const carry = shapes.map((_shape, index) =>
      index === requestIndex ? change.requests : index === tokenIndex ? change.tokens : 0,
    );
    if (!local) {
      for (let index = 0; index < carry.length; index++) limit.pending[index]! += carry[index]!;
      return;
    }
    const buckets = (store ? localShapes : shapes).map((shape, index) => ({
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
    const deadline = callOptions?.deadline;
    const wait = waits
      ? Math.max(0, Math.min(maxWaitMs, deadline === undefined ? maxWaitMs : deadline - Date.now()))
      : 0;
    const { decision, local } = await decide(limit, tokens, wait);
    if (!decision.allowed) {
      throw new LocalRateLimitError({
        provider: limit.provider,
        model: limit.model,
        retryAfterMs: decision.waitMs,
        limits: limitsText,
      });
    }
    if (decision.waitMs > 0) {
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
    if (tokenIndex < 0) return;
    const used = usedTokens(outcome.usage);
    // A failed call without usage keeps its reservation: the provider may well have counted the prompt.
    if (used !== undefined) correct(limit, local, { requests: 0, tokens: used - outcome.reserved });
  }

  const middleware = (next: Provider): Provider => {
    if (shapes.length === 0 || (only && !only.has(next.name))) return next;
    /** One whole answer (`complete`, `embed`): a slot and `reserved` tokens first, corrected after. */
    async function limited<T extends { usage: Usage }>(
      request: { model: string },
      reserved: number,
      callOptions: ProviderCallOptions | undefined,
      send: () => Promise<T>,
    ): Promise<T> {
      const limit = limitFor(next.name, request.model);
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
        limited(request, tokenIndex >= 0 ? estimate(request) : 0, callOptions, () =>
          next.complete(request, callOptions),
        ),
      async *stream(request, callOptions): AsyncGenerator<StreamPart> {
        const limit = limitFor(next.name, request.model);
        const reserved = tokenIndex >= 0 ? estimate(request) : 0;
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
        limited(request, tokenIndex >= 0 ? estimateEmbeddingTokens(request) : 0, callOptions, () =>
          embed.call(next, request, callOptions),
        );
    }
    return wrapped;
  };

  return Object.assign(middleware, {
    async remaining(target: { provider: string; model?: string }): Promise<RateLimitRemaining> {
      const limit = limitFor(target.provider, target.model ?? wholeProvider);
      const read = shapes.map((shape) => ({ ...shape }));
      let remaining: number[];
      try {
        if (!store) throw new Error('no store');
        remaining = (await store.takeRate({ key: limit.key, buckets: read, maxWaitMs: 0 })).remaining;
      } catch {
        remaining = decideLocally(
          limit,
          store ? localShapes.map((shape) => ({ ...shape })) : read,
          0,
        ).remaining;
      }
      return {
        requests: requestIndex >= 0 ? remaining[requestIndex] : undefined,
        tokens: tokenIndex >= 0 ? remaining[tokenIndex] : undefined,
      };
    },
  });
}

function usedTokens(usage: Usage | undefined): number | undefined {
  if (!usage) return undefined;
  if (usage.totalTokens !== undefined) return usage.totalTokens;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
