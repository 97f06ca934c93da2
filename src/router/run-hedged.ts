import { linkSignal } from '../abort/abort-error.js';
import { AbortHandle, withAbortHandle } from '../abort/abort-handle.js';
import { CancelledError } from '../errors/cancelled-error.js';
import { isFallbackEligible, toRouterError } from '../errors/classify.js';
import type { Target } from '../types/attempt.js';
import type { CompletionResponse } from '../types/response.js';
import type { RouterError } from '../types/router-error.js';
import type { CallPlan } from './call-plan.js';
import type { HedgePolicy } from './hedge-policy.js';
import { markHedgeWinner } from './hedge-trail.js';

/** One target under way in a hedged call, aborted on its own when another wins. */
interface Running {
  index: number;
  target: Target;
  startedAt: number;
  handle: AbortHandle;
  unlink: () => void;
  settled: Promise<Settled>;
}

type Settled = { running: Running; response: CompletionResponse } | { running: Running; error: unknown };

const timerFired = Symbol('hedge timer');

/**
 * A non-streaming call that may run two targets at once. The plan is walked as usual (a failure moves
 * to the next target); while a target has not answered after the policy's delay, and the budget allows,
 * the next target is started beside it. The first answer wins; every other running attempt is aborted
 * (its connection closed) and awaited, so the trail holds it, marked `lost`, before the caller returns.
 */
export async function runHedged(call: CallPlan, policy: HedgePolicy): Promise<CompletionResponse> {
  policy.callStarted();
  const running: Running[] = [];
  let next = 0;
  let hedges = 0;
  let hedged = false;
  let timer: NodeJS.Timeout | undefined;

  /** Starts the next target that is not skipped; false when the plan is used up. */
  const launch = (asHedge: boolean): boolean => {
    while (next < call.plan.length) {
      const index = next++;
      const ready = call.prepare(index);
      if (ready instanceof Error) {
        recordFailure(index, ready, true);
        continue;
      }
      if (asHedge) call.run.startTarget('hedge');
      const handle = new AbortHandle();
      const unlink = linkSignal(call.signal.signal, handle);
      const entry: Running = {
        index,
        target: ready.target,
        startedAt: performance.now(),
        handle,
        unlink,
        settled: undefined as unknown as Promise<Settled>,
      };
      entry.settled = ready.entry.chain
        .complete(ready.request, withAbortHandle(call.callOptions, handle))
        .then(
          (response) => ({ running: entry, response }),
          (error: unknown) => ({ running: entry, error }),
        );
      running.push(entry);
      return true;
    }
    return false;
  };

  /** Hands a failure to the plan; swallowed while another target is still running and may yet answer. */
  const recordFailure = (index: number, error: unknown, skipped = false): void => {
    try {
      call.fail(index, error, skipped);
    } catch (end) {
      const stillRunning = running.length > 0 && !call.signal.signal?.aborted;
      if (!(stillRunning && (skipped || isFallbackEligible(toRouterError(error))))) throw end;
    }
  };

  /** Aborts every target still running and waits for each to settle, so its attempt is in the trail. */
  const stopRunning = async (): Promise<void> => {
    for (const loser of running) loser.handle.abort(new CancelledError({ ...loser.target }));
    await Promise.all(running.map((loser) => loser.settled));
    for (const loser of running) loser.unlink();
  };

  try {
    if (call.ready) await call.ready;
    if (!launch(false)) throw call.exhausted();
    for (;;) {
      const first = running[0]!;
      const delay =
        hedges < policy.maxHedges && next < call.plan.length ? policy.delayFor(first.target) : undefined;
      const waiting: Promise<Settled | typeof timerFired>[] = running.map((entry) => entry.settled);
      if (delay !== undefined) {
        const elapsed = performance.now() - first.startedAt;
        waiting.push(
          new Promise((resolve) => {
            timer = setTimeout(() => resolve(timerFired), Math.max(0, delay - elapsed));
          }),
        );
      }
      const outcome = await Promise.race(waiting);
      clearTimeout(timer);
      if (outcome === timerFired) {
        hedges++;
        if (policy.acquire() && launch(true)) hedged = true;
        continue;
      }
      running.splice(running.indexOf(outcome.running), 1);
      outcome.running.unlink();
      if ('response' in outcome) {
        const { response, running: winner } = outcome;
        policy.record(winner.target, performance.now() - winner.startedAt);
        await stopRunning();
        if (hedged) markHedgeWinner(call.run.trail, winner.target);
        response.provider = winner.target.provider;
        response.trail = call.run.trail;
        const cost = call.run.totalCost();
        if (cost) response.cost = cost;
        call.run.end({ response });
        return response;
      }
      recordFailure(outcome.running.index, outcome.error);
      if (running.length === 0 && !launch(false)) throw call.exhausted();
    }
  } catch (error) {
    clearTimeout(timer);
    await stopRunning();
    call.run.end({ error: error as RouterError });
    throw error;
  } finally {
    // Frees the members the winner and every aborted attempt were on, and the signal.
    call.dispose();
  }
}
