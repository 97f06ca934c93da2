import type { ObjectExplanation } from '../types/object.js';
import type { ObjectRouter } from './object-router.js';
import { structuredModeFor } from './structured-mode.js';

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
