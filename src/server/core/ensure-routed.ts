import { NoSuchModelError } from '../../errors/no-such-model-error.js';
import { GatewayError } from './gateway-error.js';

/**
 * Runs `plan(model)` (how the router would resolve it) and turns a `NoSuchModelError` into the gateway's
 * 404 `model_not_found`, the same on every surface; any other error passes through.
 */
export function ensureRouted(model: string, plan: (model: string) => unknown): void {
  try {
    plan(model);
  } catch (error) {
    if (!NoSuchModelError.isInstance(error)) throw error;
    throw new GatewayError({
      status: 404,
      type: 'not_found_error',
      code: 'model_not_found',
      param: 'model',
      message: `The model '${model}' does not exist or is not routed by this gateway.`,
    });
  }
}
