import { ConfigurationError } from '../errors/configuration-error.js';
import { applyMiddleware, type Middleware } from '../middleware/middleware.js';
import type { Target } from '../types/attempt.js';
import type { Explanation } from '../types/call.js';
import type { PriceLookup } from '../types/cost.js';
import type { Provider } from '../types/provider.js';
import { recordAttempts } from './attempt/record-attempts.js';
import { MemberGroup } from './groups/member-group.js';
import type { TokenEstimate } from './groups/order-members.js';
import { planEmbeddingTargets, planTargets } from './plan-targets.js';
import type { FallbackConfig, RouterOptions, TargetSpec } from './router-types.js';

/** A registered provider and its middleware chain, built once. */
export interface ProviderEntry {
  provider: Provider;
  chain: Provider;
}

/**
 * One immutable configuration of a router. Runtime changes build a new one; a call keeps the one it
 * started with. Chains are built when the configuration changes and plans are cached per model, so the
 * hot path only looks things up.
 */
export class RouterState {
  private readonly plans = new Map<string, Explanation>();
  private readonly embeddingPlans = new Map<string, Explanation>();

  private constructor(
    readonly entries: ReadonlyMap<string, ProviderEntry>,
    /** Each group member's own chain, by the member's target (its own name keys its breaker and limits). */
    readonly memberEntries: ReadonlyMap<Target, ProviderEntry>,
    readonly groups: ReadonlyMap<string, MemberGroup>,
    readonly providers: ReadonlyMap<string, Provider>,
    readonly modelMap: ReadonlyMap<string, TargetSpec>,
    readonly globalFallbacks: readonly TargetSpec[],
    readonly modelFallbacks: ReadonlyMap<string, readonly TargetSpec[]>,
    readonly middleware: readonly Middleware[],
    readonly embeddingReplicas: ReadonlyMap<string, readonly TargetSpec[]>,
  ) {}

  static create(options: RouterOptions): RouterState {
    const { global, perModel } = splitFallbacks(options.fallbacks);
    const providers = new Map(Object.entries(options.providers));
    const prices = options.prices ?? pricesOf(options.pricer);
    const groups = new Map<string, MemberGroup>();
    for (const [name, group] of Object.entries(options.groups ?? {})) {
      groups.set(name, new MemberGroup(name, group, providers, prices));
    }
    return RouterState.build({
      providers,
      groups,
      modelMap: new Map(Object.entries(options.modelMap ?? {})),
      globalFallbacks: global,
      modelFallbacks: perModel,
      middleware: options.middleware ?? [],
      embeddingReplicas: new Map(Object.entries(options.embeddingReplicas ?? {})),
    });
  }

  private static build(parts: {
    providers: Map<string, Provider>;
    groups: ReadonlyMap<string, MemberGroup>;
    modelMap: Map<string, TargetSpec>;
    globalFallbacks: readonly TargetSpec[];
    modelFallbacks: Map<string, readonly TargetSpec[]>;
    middleware: readonly Middleware[];
    embeddingReplicas: ReadonlyMap<string, readonly TargetSpec[]>;
  }): RouterState {
    const entries = new Map<string, ProviderEntry>();
    for (const [name, provider] of parts.providers) {
      if (!provider || typeof provider.complete !== 'function' || typeof provider.stream !== 'function') {
        throw new ConfigurationError(`Provider "${name}" is not a provider (needs complete() and stream())`);
      }
      entries.set(name, {
        provider,
        chain: applyMiddleware(recordAttempts(name, provider), parts.middleware),
      });
    }
    const memberEntries = new Map<Target, ProviderEntry>();
    for (const group of parts.groups.values()) {
      for (const member of group.members) {
        const spec = group.options.members[member.index]!;
        const provider = spec.adapter ?? parts.providers.get(member.target.provider)!;
        const recorded = recordAttempts(member.target.provider, provider, member.name);
        memberEntries.set(member.target, {
          provider,
          chain: applyMiddleware(recorded, [...(spec.middleware ?? []), ...parts.middleware]),
        });
      }
    }
    const state = new RouterState(
      entries,
      memberEntries,
      parts.groups,
      parts.providers,
      parts.modelMap,
      parts.globalFallbacks,
      parts.modelFallbacks,
      parts.middleware,
      parts.embeddingReplicas,
    );
    state.validate();
    return state;
  }

  private with(changes: {
    providers?: Map<string, Provider>;
    modelMap?: Map<string, TargetSpec>;
    globalFallbacks?: readonly TargetSpec[];
    modelFallbacks?: Map<string, readonly TargetSpec[]>;
    middleware?: readonly Middleware[];
  }): RouterState {
    return RouterState.build({
      providers: changes.providers ?? new Map(this.providers),
      groups: this.groups,
      modelMap: changes.modelMap ?? new Map(this.modelMap),
      globalFallbacks: changes.globalFallbacks ?? this.globalFallbacks,
      modelFallbacks: changes.modelFallbacks ?? new Map(this.modelFallbacks),
      middleware: changes.middleware ?? this.middleware,
      embeddingReplicas: this.embeddingReplicas,
    });
  }

  withProvider(name: string, provider: Provider): RouterState {
    return this.with({ providers: new Map(this.providers).set(name, provider) });
  }

  withModelMapping(model: string, target: TargetSpec): RouterState {
    return this.with({ modelMap: new Map(this.modelMap).set(model, target) });
  }

  withFallbacks(fallbacks: readonly TargetSpec[], model?: string): RouterState {
    if (model === undefined || model === '*') return this.with({ globalFallbacks: [...fallbacks] });
    return this.with({ modelFallbacks: new Map(this.modelFallbacks).set(model, [...fallbacks]) });
  }

  withMiddleware(middleware: readonly Middleware[]): RouterState {
    return this.with({ middleware: [...this.middleware, ...middleware] });
  }

  /** The resolution and ordered plan for a model, cached for this configuration. */
  explain(model: string): Explanation {
    const cached = this.plans.get(model);
    if (cached) return cached;
    const explanation = planTargets(model, this);
    // Bounded: requested model names come from callers, and a cache must not grow without limit.
    if (this.plans.size < 1_000) this.plans.set(model, explanation);
    return explanation;
  }

  /**
   * `explain` with a group's live figures and the order its next call would take: a call of `operation`,
   * priced for `tokens` (the group's reference size without them).
   */
  explainLive(
    model: string,
    tokens?: TokenEstimate,
    operation: 'complete' | 'stream' = 'complete',
  ): Explanation {
    const explanation = this.explain(model);
    const group = this.groups.get(model);
    if (!group) return explanation;
    const order = group.order(operation, tokens, false).map((member) => member.target);
    return {
      ...explanation,
      plan: [...order, ...explanation.plan.slice(group.members.length)],
      group: group.explain(tokens, operation),
    };
  }

  /**
   * The plan of an embedding call: the primary target resolution chose, then only the replicas the
   * configuration declares for the model (never the completion fallbacks, which serve other models).
   */
  explainEmbedding(model: string): Explanation {
    const cached = this.embeddingPlans.get(model);
    if (cached) return cached;
    const explanation = planEmbeddingTargets(model, this);
    if (this.embeddingPlans.size < 1_000) this.embeddingPlans.set(model, explanation);
    return explanation;
  }

  private validate(): void {
    const known = (name: string, where: string) => {
      if (!this.providers.has(name)) {
        const registered = [...this.providers.keys()].join(', ') || 'none';
        throw new ConfigurationError(
          `${where} names provider "${name}", which is not registered (registered: ${registered})`,
        );
      }
    };
    for (const [model, spec] of this.modelMap)
      known(typeof spec === 'string' ? spec : spec.provider, `modelMap["${model}"]`);
    const check = (specs: readonly TargetSpec[], where: string) => {
      for (const [index, spec] of specs.entries()) {
        known(typeof spec === 'string' ? spec : spec.provider, `${where}[${index}]`);
      }
    };
    check(this.globalFallbacks, 'fallbacks');
    for (const name of this.groups.keys()) {
      if (this.modelMap.has(name)) {
        throw new ConfigurationError(
          `"${name}" is both a group and a model map entry; a requested model can be one`,
        );
      }
    }
    for (const [model, specs] of this.modelFallbacks) check(specs, `fallbacks["${model}"]`);
    for (const [model, specs] of this.embeddingReplicas) check(specs, `embeddingReplicas["${model}"]`);
  }
}

function splitFallbacks(config: FallbackConfig | undefined): {
  global: readonly TargetSpec[];
  perModel: Map<string, readonly TargetSpec[]>;
} {
  if (config === undefined) return { global: [], perModel: new Map() };
  if (Array.isArray(config)) return { global: [...config], perModel: new Map() };
  const perModel = new Map<string, readonly TargetSpec[]>();
  let global: readonly TargetSpec[] = [];
  for (const [model, specs] of Object.entries(config as Record<string, readonly TargetSpec[]>)) {
    if (model === '*') global = [...specs];
    else perModel.set(model, [...specs]);
  }
  return { global, perModel };
}

/** The pricer's own price lookup, when it has one (`priceTable()` does). */
function pricesOf(pricer: RouterOptions['pricer']): PriceLookup | undefined {
  const candidate = pricer as Partial<PriceLookup> | undefined;
  return typeof candidate?.pricesOf === 'function' ? (candidate as PriceLookup) : undefined;
}
