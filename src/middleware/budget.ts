import type { Pricer } from '../types/cost.js';
import type { Provider } from '../types/provider.js';
import { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import type { Usage } from '../types/usage.js';
import type { Middleware } from './middleware.js';
import { wrapProvider } from './middleware.js';

/** What a budget counts spend against: everything it wraps together, or each provider on its own. */
export type BudgetScope = 'global' | 'provider';

/** The spend of one budget in one period reached its limit. */
export interface BudgetExceededEvent {
  scope: BudgetScope;
  /** The provider whose budget it is (`provider` scope only). */
  provider?: string;
  spentUsd: number;
  limitUsd: number;
  /** The period, epoch milliseconds: `[periodStart, periodEnd)`. */
  periodStart: number;
  periodEnd: number;
}

/** Settings for {@link budget}. */
export interface BudgetOptions {
  /** Spend per period, in US dollars, after which calls are refused. */
  limitUsd: number;
  /**
   * Length of a period. Periods are aligned to the Unix epoch, so a day (`86_400_000`) runs from
   * midnight to midnight UTC and an hour from the top of the hour.
   */
  periodMs: number;
  /** Prices each response (use the router's, e.g. `priceTable()`). Responses it cannot price count nothing. */
  pricer: Pricer;
  /**
   * `global` (default): one budget across every provider this middleware wraps; once reached, every
   * provider refuses, so the call fails without a request. `provider`: one budget per provider; once a
   * provider's is reached it refuses and the router falls back to the next target.
   */
  scope?: BudgetScope;
  /** Called once per period (and provider, with `provider` scope) when the spend reaches the limit. */
  onExceeded?: (event: BudgetExceededEvent) => void;
}

/** A budget middleware that can also report its spend. */
export interface BudgetMiddleware extends Middleware {
  /** Spend in the current period: in total, or one provider's (with `provider` scope). */
  spentUsd(provider?: string): number;
  /** Forgets every period's spend. */
  reset(): void;
}

/**
 * A call refused because a spending budget is used up. Its kind is `quota_exhausted`, as for a
 * provider's own spending limit: no retry, and the router moves to the next target. With a global
 * budget that target refuses too, so the call ends without a single request; with a per-provider budget
 * the next provider serves it. `retryAfterMs` says when the next period starts.
 */
export class BudgetExceededError extends RouterError {
  readonly limitUsd: number;
  readonly spentUsd: number;
  /** When the next period starts, epoch milliseconds. */
  readonly resetsAt: number;
  readonly scope: BudgetScope;

  constructor(options: {
    provider: string;
    model: string;
    scope: BudgetScope;
    limitUsd: number;
    spentUsd: number;
    resetsAt: number;
    now: number;
  }) {
    const whose = options.scope === 'global' ? 'all providers' : `provider ${options.provider}`;
    super({
      message: `Budget reached for ${whose}: $${options.spentUsd.toFixed(4)} spent of $${options.limitUsd} this period; calls resume at ${new Date(options.resetsAt).toISOString()}`,
      kind: 'quota_exhausted',
      provider: options.provider,
      model: options.model,
      retryAfterMs: Math.max(0, options.resetsAt - options.now),
      shouldRetry: false,
    });
    this.name = 'BudgetExceededError';
    this.limitUsd = options.limitUsd;
    this.spentUsd = options.spentUsd;
    this.resetsAt = options.resetsAt;
    this.scope = options.scope;
  }
}

interface Period {
  start: number;
  spentUsd: number;
  reported: boolean;
}

const globalKey = '\u0000global';

/**
 * Stops calls once a spend per period is reached. Every response through it (completions, streams and
 * embeddings alike) is priced with `pricer` and added to the current period; a call arriving when the
 * period's spend has reached `limitUsd` is refused with {@link BudgetExceededError} before any request
 * is sent.
 *
 * List it first (outermost): its refusals then never reach `retry` or `circuitBreaker` (a refusal says
 * nothing about a provider's health and must not trip its breaker). Calls already running when the
 * limit is reached finish and are counted, so the spend can pass the limit by what they cost. A stream
 * is counted when it finishes; one that fails midway reports no usage and counts nothing.
 *
 * @example
 * const spend = budget({ limitUsd: 50, periodMs: 86_400_000, pricer: priceTable() });
 * const router = createRouter({ providers, middleware: [spend, retry(), circuitBreaker()] });
 * spend.spentUsd(); // today's spend so far
 */
export function budget(options: BudgetOptions): BudgetMiddleware {
  const { limitUsd, periodMs, pricer } = options;
  if (!(limitUsd >= 0) || !(periodMs > 0)) {
    throw new RangeError('budget() needs limitUsd >= 0 and periodMs > 0');
  }
  const scope = options.scope ?? 'global';
  const periods = new Map<string, Period>();

  function periodOf(provider: string, now: number): Period {
    const key = scope === 'global' ? globalKey : provider;
    const start = now - (now % periodMs);
    let period = periods.get(key);
    if (!period || period.start !== start) {
      period = { start, spentUsd: 0, reported: false };
      periods.set(key, period);
    }
    return period;
  }

  function admit(provider: string, request: { model: string }): void {
    const now = Date.now();
    const period = periodOf(provider, now);
    if (period.spentUsd < limitUsd) return;
    throw new BudgetExceededError({
      provider,
      model: request.model,
      scope,
      limitUsd,
      spentUsd: period.spentUsd,
      resetsAt: period.start + periodMs,
      now,
    });
  }

  function spend(provider: string, model: string, usage: Usage): void {
    let usd: number | undefined;
    try {
      usd = pricer({ provider, model, usage })?.usd;
    } catch {
      // A pricer that fails leaves the response unpriced; the call it belongs to has already succeeded.
      return;
    }
    if (usd === undefined || !(usd > 0)) return;
    const period = periodOf(provider, Date.now());
    period.spentUsd += usd;
    if (period.spentUsd < limitUsd || period.reported) return;
    period.reported = true;
    try {
      options.onExceeded?.({
        scope,
        ...(scope === 'provider' ? { provider } : {}),
        spentUsd: period.spentUsd,
        limitUsd,
        periodStart: period.start,
        periodEnd: period.start + periodMs,
      });
    } catch {
      // A notification that throws must not turn a successful call into a failure.
    }
  }

  const middleware = (next: Provider): Provider => {
    const wrapped: Provider = {
      ...wrapProvider(next),
      async complete(request, callOptions) {
        admit(next.name, request);
        const response = await next.complete(request, callOptions);
        spend(next.name, response.model || request.model, response.usage);
        return response;
      },
      async *stream(request, callOptions): AsyncGenerator<StreamPart> {
        admit(next.name, request);
        for await (const part of next.stream(request, callOptions)) {
          if (part.type === 'finish') spend(next.name, part.model ?? request.model, part.usage);
          yield part;
        }
      },
    };
    const embed = next.embed;
    if (embed) {
      // Embeddings spend the same budget: refused once it is reached, priced from their input tokens.
      wrapped.embed = async (request, callOptions) => {
        admit(next.name, request);
        const response = await embed.call(next, request, callOptions);
        spend(next.name, response.model || request.model, response.usage);
        return response;
      };
    }
    return wrapped;
  };

  return Object.assign(middleware, {
    spentUsd(provider?: string): number {
      const now = Date.now();
      const start = now - (now % periodMs);
      let total = 0;
      for (const [key, period] of periods) {
        if (period.start !== start) continue;
        if (scope === 'global' || provider === undefined || key === provider) total += period.spentUsd;
      }
      return total;
    },
    reset(): void {
      periods.clear();
    },
  });
}
