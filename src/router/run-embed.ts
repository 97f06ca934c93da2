import { raceAbort } from '../abort/sleep.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../types/embedding.js';
import type { RouterError } from '../types/router-error.js';
import type { CallInput } from './call-input.js';
import { CallPlan } from './call-plan.js';

/**
 * Runs one embedding call through its plan: the primary, then each replica of the same model the error
 * table allows. Targets whose chain has no `embed` are skipped with capability `embeddings`.
 */
export async function runEmbed(input: CallInput<EmbeddingRequest>): Promise<EmbeddingResponse> {
  const call = new CallPlan(input, 'embed');
  try {
    for (let index = 0; index < call.plan.length; index++) {
      const ready = call.prepare(index);
      if (ready instanceof Error) {
        call.fail(index, ready, true);
        continue;
      }
      try {
        const response = await raceAbort(
          ready.entry.chain.embed!(ready.request, call.callOptions),
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
