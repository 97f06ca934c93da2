import { raceAbort } from '../abort/sleep.js';
import type { CompletionResponse } from '../types/response.js';
import type { RouterError } from '../types/router-error.js';
import type { CallInput } from './call-input.js';
import { CallPlan } from './call-plan.js';
import { runHedged } from './run-hedged.js';

/** Runs one non-streaming call through its plan: primary first, then each fallback the error table allows. */
export async function runComplete(input: CallInput): Promise<CompletionResponse> {
  const call = new CallPlan(input, 'complete');
  const hedge = input.settings.hedge;
  if (hedge && input.options?.safeToDuplicate && call.plan.length > 1) return runHedged(call, hedge);
  try {
    if (call.ready) await call.ready;
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
    call.dispose();
  }
}

function isError(value: unknown): value is RouterError {
  return value instanceof Error;
}
