import type { Explanation } from '../types/call.js';
import type { RouterError } from '../types/router-error.js';
import type { BuiltRouter } from './build-router.js';
import type { GatewayConfig } from './config-schema.js';

/** A model clients can ask for, with its plan, or the error that stops it from being routed. */
export interface RoutableModel {
  model: string;
  explanation?: Explanation;
  error?: RouterError;
}

/**
 * Every model name a client can request: the groups' names, the model map's names in file order, then each provider's
 * models in registration order (a provider's name also routes, to its default model, but is not a
 * model). Each comes with the router's own `explain`, so what is listed is exactly what is routed.
 */
export function routableModels(config: GatewayConfig, built: BuiltRouter): RoutableModel[] {
  const names = new Set([...Object.keys(config.groups ?? {}), ...Object.keys(config.modelMap ?? {})]);
  for (const provider of Object.values(built.providers))
    for (const model of provider.models) names.add(model);
  return [...names].map((model) => {
    try {
      return { model, explanation: built.router.explain(model) };
    } catch (error) {
      return { model, error: error as RouterError };
    }
  });
}
