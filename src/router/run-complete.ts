import { raceAbort } from '../abort/sleep.js';
import type { CallOptions } from '../types/call.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import type { RouterError } from '../types/router-error.js';
import { CallPlan, type CallSettings } from './call-plan.js';
import type { RouterState } from './router-state.js';

/** Runs one non-streaming call through its plan: primary first, then each fallback the error table allows. */
export async function runComplete(options: {
  state: RouterState;
  settings: CallSettings;
  request: CompletionRequest;
  callOptions: CallOptions | undefined;
}): Promise<CompletionResponse> {
  const call = new CallPlan(
    options.state,
    options.settings,
    options.request,
    options.callOptions,
    'complete',
  );
  try {
    for (let index = 0; index < call.plan.length; index++) {
      const ready = call.prepare(index);
      if (isError(ready)) {
        call.fail(index, ready, true);
        continue;
      }
      try {
        const response = await raceAbort(
          ready.entry.chain.complete(ready.request, call.callOptions),
          call.signal.signal,
        );
        response.provider = ready.target.provider;
        response.trail = call.run.trail;
        const cost = call.run.totalCost();
        if (cost) response.cost = cost;
        call.run.end({ response });
        return response;
      } catch (thrown) {
        call.fail(index, thrown);
      }
    }
    // The loop always returns or throws through `fail`; this line is for the type checker.
    throw new Error('unreachable: empty plan');
  } catch (error) {
    call.run.end({ error: error as RouterError });
    throw error;
  } finally {
    call.signal.dispose();
  }
}

function isError(value: unknown): value is RouterError {
  return value instanceof Error;
}
