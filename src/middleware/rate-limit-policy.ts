import type { RateBucket } from '../state/gcra.js';
import type { Usage } from '../types/usage.js';

/** The limits and the at-the-limit behaviour of one budget: the shared settings, or a target's own. */
export interface RateLimitSettings {
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
}

/**
 * One target's own settings over the shared ones (`rateLimit({ targets })`): every field it leaves out
 * is the shared one. A rule naming a `model` gives that provider and model a budget of its own (whatever
 * the `scope`); one naming only a provider applies to that provider's budgets. A group member is a target,
 * so this is also how a member gets its own limit.
 */
export interface RateLimitTargetRule extends Partial<RateLimitSettings> {
  provider: string;
  /** The model the target receives; omit for every model of the provider. */
  model?: string;
}

/** A budget's settings, made once per distinct configuration: the GCRA buckets and what to do at the limit. */
export interface RateLimitPolicy {
  /** The figures the budget was configured with, as `explain()` shows them. */
  readonly limits: { requestsPerMinute?: number; tokensPerMinute?: number; requestBurst?: number };
  readonly waits: boolean;
  readonly maxWaitMs: number;
  /** Bucket shapes (cost 0); a call copies them with its own cost. Empty: nothing is limited. */
  readonly shapes: readonly RateBucket[];
  /** The same with one replica's share of the limit, the stand-in while a shared store is unreachable. */
  readonly localShapes: readonly RateBucket[];
  /** Index of the requests bucket, or -1. */
  readonly requestIndex: number;
  /** Index of the tokens bucket, or -1. */
  readonly tokenIndex: number;
  /** `500 requests/min, 200000 tokens/min`, for the refusal's message. */
  readonly text: string;
}

const minuteMs = 60_000;

/** Builds the buckets of one budget. */
export function rateLimitPolicy(settings: RateLimitSettings, replicas: number): RateLimitPolicy {
  const shapes: RateBucket[] = [];
  const described: string[] = [];
  const limits: RateLimitPolicy['limits'] = {};
  if (settings.requestsPerMinute !== undefined) {
    const burst = Math.max(1, Math.floor(settings.requestBurst ?? 1));
    shapes.push({
      name: 'requests',
      intervalMs: minuteMs / settings.requestsPerMinute,
      burst,
      cost: 0,
      carry: 0,
    });
    described.push(`${settings.requestsPerMinute} requests/min`);
    limits.requestsPerMinute = settings.requestsPerMinute;
    limits.requestBurst = burst;
  }
  const requestIndex = settings.requestsPerMinute !== undefined ? 0 : -1;
  const tokenIndex = settings.tokensPerMinute !== undefined ? shapes.length : -1;
  if (settings.tokensPerMinute !== undefined) {
    shapes.push({
      name: 'tokens',
      intervalMs: minuteMs / settings.tokensPerMinute,
      burst: settings.tokensPerMinute,
      cost: 0,
      carry: 0,
    });
    described.push(`${settings.tokensPerMinute} tokens/min`);
    limits.tokensPerMinute = settings.tokensPerMinute;
  }
  return {
    limits,
    waits: settings.onLimit === 'wait',
    maxWaitMs: settings.maxWaitMs ?? 60_000,
    shapes,
    localShapes: shapes.map((shape) => ({
      ...shape,
      intervalMs: shape.intervalMs * replicas,
      burst: Math.max(1, Math.floor(shape.burst / replicas)),
    })),
    requestIndex,
    tokenIndex,
    text: described.join(', '),
  };
}

/** The shared settings with each given rule's over them, in order (later rules win). */
export function mergeSettings(
  shared: RateLimitSettings,
  rules: ReadonlyArray<RateLimitTargetRule | undefined>,
): RateLimitSettings {
  const settings: RateLimitSettings = { onLimit: shared.onLimit };
  for (const from of [shared, ...rules]) {
    if (!from) continue;
    if (from.requestsPerMinute !== undefined) settings.requestsPerMinute = from.requestsPerMinute;
    if (from.tokensPerMinute !== undefined) settings.tokensPerMinute = from.tokensPerMinute;
    if (from.requestBurst !== undefined) settings.requestBurst = from.requestBurst;
    if (from.onLimit !== undefined) settings.onLimit = from.onLimit;
    if (from.maxWaitMs !== undefined) settings.maxWaitMs = from.maxWaitMs;
  }
  return settings;
}

/**
 * Finds the rule for a target: the one naming its provider and model, else the one naming its provider
 * alone. Rules are indexed once; a lookup is two map reads.
 */
export class TargetRules {
  private readonly byTarget = new Map<string, RateLimitTargetRule>();

  constructor(rules: readonly RateLimitTargetRule[]) {
    for (const rule of rules) {
      const key = ruleKey(rule.provider, rule.model);
      if (this.byTarget.has(key)) {
        throw new TypeError(
          `rateLimit: two target rules for ${rule.provider}${rule.model === undefined ? '' : `/${rule.model}`}`,
        );
      }
      this.byTarget.set(key, rule);
    }
  }

  /** The rule naming this very provider and model. */
  exact(provider: string, model: string): RateLimitTargetRule | undefined {
    return this.byTarget.size === 0 ? undefined : this.byTarget.get(ruleKey(provider, model));
  }

  /** The rule naming the provider alone. */
  provider(provider: string): RateLimitTargetRule | undefined {
    return this.byTarget.size === 0 ? undefined : this.byTarget.get(ruleKey(provider, undefined));
  }

  /** Whether a rule names this provider (with or without a model). */
  names(provider: string): boolean {
    for (const rule of this.byTarget.values()) if (rule.provider === provider) return true;
    return false;
  }
}

function ruleKey(provider: string, model: string | undefined): string {
  return model === undefined ? provider : `${provider}\u0000${model}`;
}

/** A call's buckets: `from`'s shapes with the call's cost (one request, its tokens) and any carry. */
export function withCosts(
  policy: RateLimitPolicy,
  from: readonly RateBucket[],
  costs: { tokens: number; carry?: number[] },
): RateBucket[] {
  return from.map((shape, index) => ({
    ...shape,
    cost: index === policy.tokenIndex ? costs.tokens : index === policy.requestIndex ? 1 : 0,
    carry: costs.carry?.[index] ?? 0,
  }));
}

/** The tokens a call really used, from its usage; `undefined` when it reported none. */
export function usedTokens(usage: Usage | undefined): number | undefined {
  if (!usage) return undefined;
  if (usage.totalTokens !== undefined) return usage.totalTokens;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
