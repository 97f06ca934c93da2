import { ConfigurationError } from '../errors/configuration-error.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import type { Target } from '../types/attempt.js';
import type { ResolutionStep } from '../types/call.js';
import type { Provider } from '../types/provider.js';
import type { TargetSpec } from './router-types.js';

/** The primary target for a model and the rule that chose it. */
export interface Resolution {
  step: ResolutionStep;
  target: Target;
}

/** What resolution reads. */
export interface ResolutionTable {
  providers: ReadonlyMap<string, Provider>;
  modelMap: ReadonlyMap<string, TargetSpec>;
}

/**
 * Resolves a requested model in strict precedence: 1. the model map; 2. a provider whose name equals the
 * model (it gets its default model); 3. the first provider, in registration order, that lists the model.
 */
export function resolveModel(model: string, table: ResolutionTable): Resolution {
  const mapped = table.modelMap.get(model);
  if (mapped !== undefined) {
    const providerName = typeof mapped === 'string' ? mapped : mapped.provider;
    const modelName = typeof mapped === 'string' ? model : (mapped.model ?? model);
    const target: Target = { provider: providerName, model: modelName };
    if (typeof mapped !== 'string' && mapped.tags) target.tags = mapped.tags;
    return { step: 'model-map', target };
  }
  const named = table.providers.get(model);
  if (named) return { step: 'provider-name', target: { provider: model, model: defaultModel(model, named) } };
  for (const [name, provider] of table.providers) {
    if (provider.models.includes(model)) return { step: 'model-scan', target: { provider: name, model } };
  }
  throw new NoSuchModelError({
    model,
    providers: [...table.providers.keys()],
    mappedModels: [...table.modelMap.keys()],
  });
}

/** The model a provider receives when a target names none: its first listed model. */
export function defaultModel(name: string, provider: Provider): string {
  const first = provider.models[0];
  if (first === undefined) {
    throw new ConfigurationError(`Provider "${name}" lists no models, so it has no default model to receive`);
  }
  return first;
}

/**
 * A fallback target's model: the spec's own, else the requested model when the provider lists it, else
 * the provider's default. Never the primary's model name sent to a provider that does not serve it.
 */
export function targetFor(
  spec: TargetSpec,
  requestedModel: string,
  providers: ReadonlyMap<string, Provider>,
): Target {
  const name = typeof spec === 'string' ? spec : spec.provider;
  const explicit = typeof spec === 'string' ? undefined : spec.model;
  const tags = typeof spec === 'string' ? undefined : spec.tags;
  let target: Target;
  if (explicit !== undefined) target = { provider: name, model: explicit };
  else {
    const provider = providers.get(name);
    if (!provider) throw new ConfigurationError(`Fallback names provider "${name}", which is not registered`);
    target = {
      provider: name,
      model: provider.models.includes(requestedModel) ? requestedModel : defaultModel(name, provider),
    };
  }
  if (tags) target.tags = tags;
  return target;
}
