import { ConfigurationError } from '../errors/configuration-error.js';
import { applyMiddleware, type Middleware } from '../middleware/middleware.js';
import type { Explanation } from '../types/call.js';
import type { Provider } from '../types/provider.js';
import { recordAttempts } from './attempt/record-attempts.js';
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
    readonly providers: ReadonlyMap<string, Provider>,
    readonly modelMap: ReadonlyMap<string, TargetSpec>,
    readonly globalFallbacks: readonly TargetSpec[],
    readonly modelFallbacks: ReadonlyMap<string, readonly TargetSpec[]>,
    readonly middleware: readonly Middleware[],
    readonly embeddingReplicas: ReadonlyMap<string, readonly TargetSpec[]>,
  ) {}

  static create(options: RouterOptions): RouterState {
    const { global, perModel } = splitFallbacks(options.fallbacks);
    return RouterState.build({
      providers: new Map(Object.entries(options.providers)),
      modelMap: new Map(Object.entries(options.modelMap ?? {})),
      globalFallbacks: global,
      modelFallbacks: perModel,
      middleware: options.middleware ?? [],
      embeddingReplicas: new Map(Object.entries(options.embeddingReplicas ?? {})),
    });
  }

  private static build(parts: {
    providers: Map<string, Provider>;
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
    const state = new RouterState(
      entries,
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
