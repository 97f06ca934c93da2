import type { CompletionResponse } from '../types/response.js';
import type { RouterError } from '../types/router-error.js';
import type { CallPlan } from './call-plan.js';
import type { HedgePolicy } from './hedge-policy.js';
import { raceHedged } from './hedge-race.js';
import { markHedgeWinner } from './hedge-trail.js';

/**
 * A non-streaming call that may run two targets at once (see {@link raceHedged}): the first answer is
 * the caller's; every other running attempt is aborted (its connection closed) and awaited, so the
 * trail holds it, marked `lost`, before the caller returns.
 */
export async function runHedged(call: CallPlan, policy: HedgePolicy): Promise<CompletionResponse> {
  try {
    if (call.ready) await call.ready;
    const win = await raceHedged(call, policy, (ready, options) => ({
      first: ready.entry.chain.complete(ready.request, options),
    }));
    await win.losers;
    win.winner.unlink();
    const response = win.value;
    if (win.hedged) markHedgeWinner(call.run.trail, win.winner.ready.target);
    response.provider = win.winner.ready.target.provider;
    response.trail = call.run.trail;
    const cost = call.run.totalCost();
    if (cost) response.cost = cost;
    call.run.end({ response });
    return response;
  } catch (error) {
    call.run.end({ error: error as RouterError });
    throw error;
  } finally {
    // Frees the members the winner and every aborted attempt were on, and the signal.
    call.dispose();
  }
}
