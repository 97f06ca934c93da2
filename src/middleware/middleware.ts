import type { Target } from '../types/attempt.js';
import type { TargetBudget } from '../types/call.js';
import type { Provider } from '../types/provider.js';

/**
 * A plain function from provider to provider, like HTTP middleware. The first middleware listed is the
 * outermost: `[retry(), circuitBreaker(), timeout()]` makes every retry attempt pass through the breaker
 * and get its own timeout.
 *
 * @example
 * const logCalls: Middleware = (next) => ({
 *   ...wrapProvider(next),
 *   async complete(request, options) {
 *     console.log('calling', next.name, request.model);
 *     return next.complete(request, options);
 *   },
 * });
 */
export type Middleware = (next: Provider) => Provider;

/**
 * Middleware that can say what budget a target has left (`rateLimit()` does), so `router.explain()`
 * shows it. Read from memory only: never a network call.
 */
export interface BudgetReporter extends Middleware {
  /** The target's budget, or `undefined` when this middleware does not govern the target. */
  budgetOf(target: Target): TargetBudget | undefined;
}

/** Whether a middleware reports budgets. */
export function reportsBudgets(middleware: Middleware): middleware is BudgetReporter {
  return typeof (middleware as Partial<BudgetReporter>).budgetOf === 'function';
}

/** Wraps a provider in middleware, first listed outermost. Done once per provider, not per request. */
export function applyMiddleware(provider: Provider, middleware: readonly Middleware[]): Provider {
  let wrapped = provider;
  for (let index = middleware.length - 1; index >= 0; index--) {
    wrapped = middleware[index]!(wrapped);
  }
  return wrapped;
}

/**
 * A provider that forwards everything to `next`, reading `name`, `models` and `capabilities` through so a
 * provider that refreshes its model list stays visible. Spread it and override `complete` or `stream`
 * (and `embed`, which it forwards only when `next` has one).
 */
export function wrapProvider(next: Provider): Provider {
  const wrapped: Provider = {
    get name() {
      return next.name;
    },
    get models() {
      return next.models;
    },
    get capabilities() {
      return next.capabilities;
    },
    complete: (request, options) => next.complete(request, options),
    stream: (request, options) => next.stream(request, options),
  };
  const embed = next.embed;
  if (embed) wrapped.embed = (request, options) => embed.call(next, request, options);
  return wrapped;
}
