import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { countsAgainstBreaker, toRouterError } from '../errors/classify.js';
import type { StateStore } from '../state/state-store.js';
import type { CallContext } from '../types/call-context.js';
import type { CircuitState, CircuitStateChangeEvent } from '../types/events.js';
import type { Provider } from '../types/provider.js';
import type { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import { BreakerFleet, type BreakerSharingOptions } from './breaker-fleet.js';
import { BreakerState, type Verdict } from './breaker-state.js';
import type { Middleware } from './middleware.js';
import { wrapProvider } from './middleware.js';

/** Settings for {@link circuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive counted failures that open the breaker. Default 5. */
  failureThreshold?: number;
  /** How long an open breaker fails fast before letting probes through. Default 30,000. */
  cooldownMs?: number;
  /** Calls let through at once while half-open. Default 1. */
  halfOpenProbes?: number;
  /** One breaker per provider (default), or one per provider and model. */
  scope?: 'provider' | 'model';
  /** Which failures count against the breaker. Default: those DESIGN.md's table says reflect provider health. */
  isFailure?: (error: RouterError) => boolean;
  /**
   * Which failures open the breaker at once, whatever `failureThreshold` says. Default: a 401/403 on a
   * group member ({@link rejectedMemberKey}): that key is bad, and the group's other keys take its
   * traffic until a probe finds it fixed. A provider outside a group keeps the error table's rule (auth
   * does not count), so its callers keep seeing the real 401 rather than `circuit_open`.
   */
  opensAtOnce?: (error: RouterError) => boolean;
  /** Called on every state change of any breaker this middleware owns. */
  onStateChange?: (event: CircuitStateChangeEvent) => void;
  /**
   * Shares the breakers through a store (`llmrouter/redis`, or one `memoryStateStore()` for several
   * routers of a process). Without one every breaker lives in this middleware alone.
   */
  store?: StateStore;
  /** How the breakers share through `store`. */
  sharing?: BreakerSharingOptions;
}

/** A circuit-breaker middleware that can also report and reset its breakers. */
export interface CircuitBreakerMiddleware extends Middleware {
  /** State of the breaker for a target (`model` ignored with provider scope). `closed` if never used. */
  state(target: { provider: string; model?: string }): CircuitState;
  /** Closes every breaker (or one provider's); with a store, across the fleet. */
  reset(provider?: string): void;
  /** Stops the background sync with the store. A no-op without one. */
  stop(): Promise<void>;
}

const wholeProvider = '*';

/** A group member's key was refused (401/403): the default of {@link CircuitBreakerOptions.opensAtOnce}. */
export function rejectedMemberKey(error: RouterError): boolean {
  return error.kind === 'auth' && error.member !== undefined;
}

/**
 * Cuts off a failing target: after `failureThreshold` consecutive health failures (see the error table)
 * calls fail fast with `CircuitOpenError` for `cooldownMs`, so the router falls back at once; then a
 * bounded number of probes decide whether it closes again. State is per target, never shared between
 * providers, and survives the router rebuilding its chains. Bad requests and cancellations never count.
 * A stream counts by its real outcome: success only when it finishes.
 *
 * @example
 * const breaker = circuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 });
 * const router = createRouter({ providers, middleware: [retry(), breaker, timeout({ totalMs: 30_000 })] });
 * breaker.state({ provider: 'openai' }); // 'closed' | 'open' | 'half-open'
 */
export function circuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreakerMiddleware {
  const settings = {
    failureThreshold: Math.max(1, options.failureThreshold ?? 5),
    cooldownMs: options.cooldownMs ?? 30_000,
    halfOpenProbes: Math.max(1, options.halfOpenProbes ?? 1),
  };
  const perModel = options.scope === 'model';
  const isFailure = options.isFailure ?? countsAgainstBreaker;
  const opensAtOnce = options.opensAtOnce ?? rejectedMemberKey;
  // Keyed by provider name in the factory, not per wrap, so a rebuilt chain keeps its breakers.
  const breakers = new Map<string, Map<string, BreakerState>>();
  const fleetKeys = new WeakMap<BreakerState, string>();
  // The call whose outcome caused a transition, so its hooks hear about it too.
  let reporting: CallContext | undefined;
  const fleet = options.store
    ? new BreakerFleet({
        store: options.store,
        cooldownMs: settings.cooldownMs,
        failureThreshold: settings.failureThreshold,
        sharing: options.sharing ?? {},
      })
    : undefined;

  function breakerFor(provider: string, model: string): BreakerState {
    let byModel = breakers.get(provider);
    if (!byModel) {
      byModel = new Map();
      breakers.set(provider, byModel);
    }
    const key = perModel ? model : wholeProvider;
    let breaker = byModel.get(key);
    if (!breaker) {
      const target = { provider, model: key };
      const fleetKey = `breaker:${provider}:${key}`;
      breaker = new BreakerState(settings, (from, to) => {
        const event: CircuitStateChangeEvent =
          to === 'open' ? { target, from, to, reopensAt: breaker!.openUntil } : { target, from, to };
        options.onStateChange?.(event);
        reporting?.circuitStateChanged(event);
        fleet?.changed(fleetKey, from, to);
      });
      fleetKeys.set(breaker, fleetKey);
      byModel.set(key, breaker);
      fleet?.register(fleetKey, breaker);
    }
    return breaker;
  }

  /** Settles a call's outcome here and, with a store, for the fleet. */
  function settle(
    breaker: BreakerState,
    call: {
      context: CallContext | undefined;
      admission: { probe: boolean; period?: number };
      verdict: Verdict;
      error?: RouterError;
    },
  ): void {
    withContext(call.context, () => breaker.settle(call.admission, call.verdict, Date.now()));
    if (!fleet) return;
    const key = fleetKeys.get(breaker)!;
    if (call.admission.probe) fleet.probeEnded(key);
    else fleet.recorded(key, call.verdict, call.error);
  }

  /** With a store, a half-open probe goes out only from the replica holding the fleet's lease. */
  async function claimProbe(
    breaker: BreakerState,
    context: CallContext | undefined,
    target: { provider: string; model: string },
  ): Promise<void> {
    if (!fleet || (await fleet.acquireProbe(fleetKeys.get(breaker)!))) return;
    // acquireProbe held the breaker open again, so this admission reports the refusal.
    admitOrRefuse(breaker, context, target);
  }

  function verdictOf(
    thrown: unknown,
    provider: string,
    model: string,
  ): { error: RouterError; verdict: Verdict } {
    const error = toRouterError(thrown, { provider, model });
    const verdict = opensAtOnce(error) ? 'trip' : isFailure(error) ? 'failure' : 'neutral';
    return { error, verdict };
  }

  function withContext<T>(context: CallContext | undefined, action: () => T): T {
    reporting = context;
    try {
      return action();
    } finally {
      reporting = undefined;
    }
  }

  /** Lets a call through, or refuses it with `CircuitOpenError` while the breaker is open. */
  function admitOrRefuse(
    breaker: BreakerState,
    context: CallContext | undefined,
    target: { provider: string; model: string },
  ): { probe: boolean; period?: number } {
    const admission = withContext(context, () => breaker.admit(Date.now()));
    if (admission.admitted) return admission;
    throw new CircuitOpenError({
      provider: target.provider,
      model: perModel ? target.model : undefined,
      reopensAt: admission.reopensAt,
    });
  }

  /** One whole answer (`complete`, `embed`) through the breaker of its target. */
  async function guarded<T>(
    provider: string,
    request: { model: string },
    context: CallContext | undefined,
    send: () => Promise<T>,
  ): Promise<T> {
    const breaker = breakerFor(provider, request.model);
    const target = { provider, model: request.model };
    const admission = admitOrRefuse(breaker, context, target);
    if (admission.probe) await claimProbe(breaker, context, target);
    try {
      const response = await send();
      settle(breaker, { context, admission, verdict: 'success' });
      return response;
    } catch (thrown) {
      const { error, verdict } = verdictOf(thrown, provider, request.model);
      settle(breaker, { context, admission, verdict, error });
      throw error;
    }
  }

  const middleware = (next: Provider): Provider => {
    const wrapped: Provider = {
      ...wrapProvider(next),
      complete: (request, callOptions) =>
        guarded(next.name, request, callOptions?.context, () => next.complete(request, callOptions)),
      async *stream(request, callOptions): AsyncGenerator<StreamPart> {
        const breaker = breakerFor(next.name, request.model);
        const context = callOptions?.context;
        const target = { provider: next.name, model: request.model };
        const admission = admitOrRefuse(breaker, context, target);
        if (admission.probe) await claimProbe(breaker, context, target);
        let verdict: Verdict = 'neutral';
        let error: RouterError | undefined;
        try {
          for await (const part of next.stream(request, callOptions)) {
            if (part.type === 'finish') verdict = 'success';
            yield part;
          }
        } catch (thrown) {
          const outcome = verdictOf(thrown, next.name, request.model);
          verdict = outcome.verdict;
          error = outcome.error;
          throw outcome.error;
        } finally {
          // A consumer that stops early leaves the verdict neutral: it says nothing about the provider.
          settle(breaker, { context, admission, verdict, error });
        }
      },
    };
    const embed = next.embed;
    if (embed) {
      wrapped.embed = (request, callOptions) =>
        guarded(next.name, request, callOptions?.context, () => embed.call(next, request, callOptions));
    }
    return wrapped;
  };

  return Object.assign(middleware, {
    state(target: { provider: string; model?: string }): CircuitState {
      const byModel = breakers.get(target.provider);
      const breaker = byModel?.get(perModel ? (target.model ?? wholeProvider) : wholeProvider);
      return breaker ? breaker.current(Date.now()) : 'closed';
    },
    reset(provider?: string): void {
      for (const [name, byModel] of breakers) {
        if (provider === undefined || provider === name)
          for (const breaker of byModel.values()) breaker.reset();
      }
    },
    async stop(): Promise<void> {
      await fleet?.stop();
    },
  });
}
