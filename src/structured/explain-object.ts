import type { ResolutionStep } from '../router/router-types.js';
import type { Target } from '../types/attempt.js';
import type { ObjectRouter } from './object-request.js';
import { type StructuredMode, structuredModeFor } from './structured-mode.js';

/** One target of an object call's plan, with the mode it will be asked in. */
export interface ObjectPlanEntry extends Target {
  /**
   * `json_schema`, `json_mode` or `prompt` (see `StructuredMode`); `unknown` when the router cannot
   * report the provider's capabilities, in which case the first call tries `json_schema` and steps down
   * when the router reports the capability missing.
   */
  mode: StructuredMode | 'unknown';
}

/** What `explainObject` reports: the plan of `explain(model)` with each target's structured-output mode. */
export interface ObjectExplanation {
  requestedModel: string;
  step: ResolutionStep;
  plan: ObjectPlanEntry[];
}

/**
 * How an object call for `model` would be routed, and how each target would be asked for the object,
 * without calling anything. The mode comes from the capability table (`structuredModeFor`) applied to
 * each provider's declared capabilities.
 *
 * @example
 * explainObject(router, 'deepseek-chat').plan;
 * // [{ provider: 'deepseek', model: 'deepseek-chat', mode: 'json_mode' },
 * //  { provider: 'openai', model: 'gpt-4o-mini', mode: 'json_schema' }]
 */
export function explainObject(router: ObjectRouter, model: string): ObjectExplanation {
  const explanation = router.explain(model);
  return {
    requestedModel: explanation.requestedModel,
    step: explanation.step,
    plan: explanation.plan.map((target) => {
      const capabilities = router.capabilities?.(target.provider);
      return {
        provider: target.provider,
        model: target.model,
        mode: capabilities ? structuredModeFor(capabilities) : 'unknown',
      };
    }),
  };
}
