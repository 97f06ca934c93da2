import { linkSignal } from '../abort/abort-error.js';
import { AbortHandle, withAbortHandle } from '../abort/abort-handle.js';
import { CancelledError } from '../errors/cancelled-error.js';
import { isFallbackEligible, toRouterError } from '../errors/classify.js';
import type { ProviderCallOptions } from '../types/provider.js';
import type { CallPlan, ReadyTarget } from './call-plan.js';
import type { HedgePolicy } from './hedge-policy.js';

/** How one kind of call starts a target: its first answer, and what to unwind should it lose. */
export type StartTarget<Value> = (
  ready: ReadyTarget,
  options: ProviderCallOptions,
) => { first: Promise<Value>; release?: () => Promise<void> };

/** One target under way in a hedged call, aborted on its own when another wins. */
export interface Contender<Value> {
  /** Its index in the plan. */
  index: number;
  ready: ReadyTarget;
  startedAt: number;
  handle: AbortHandle;
  /** Detaches its handle from the call's signal. */
  unlink: () => void;
  settled: Promise<Settled<Value>>;
  release: (() => Promise<void>) | undefined;
}

type Settled<Value> =
  | { contender: Contender<Value>; value: Value }
  | { contender: Contender<Value>; error: unknown };

/** The target that answered first, and the aborted rest. */
export interface HedgeWin<Value> {
  winner: Contender<Value>;
  value: Value;
  /** A hedge was started: the trail's attempts are to be marked won and lost. */
  hedged: boolean;
  /** Resolves once every aborted target has unwound (its attempt recorded, its connection closed). */
  losers: Promise<void>;
}

const timerFired = Symbol('hedge timer');

/**
 * The race of a call that may run two targets at once. The plan is walked as usual (a failure moves to
 * the next target); while the first running target has not answered after the policy's delay, and the
 * budget allows, the next target is started beside it. The first answer (for a stream, its first part)
 * wins and every other running target is aborted. Throws, once every started target has unwound, when
 * all of them failed, as the unhedged walk would.
 */
export async function raceHedged<Value>(
  call: CallPlan,
  policy: HedgePolicy,
  start: StartTarget<Value>,
): Promise<HedgeWin<Value>> {
  policy.callStarted();
  const running: Contender<Value>[] = [];
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
      const started = start(ready, withAbortHandle(call.callOptions, handle));
      const contender = {
        index,
        ready,
        startedAt: performance.now(),
        handle,
        unlink,
        release: started.release,
      } as Contender<Value>;
      contender.settled = started.first.then(
        (value) => ({ contender, value }),
        (error: unknown) => ({ contender, error }),
      );
      running.push(contender);
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

  /** Aborts `contenders`; resolves once each has settled and unwound. */
  const stop = (contenders: readonly Contender<Value>[]): Promise<void> => {
    for (const contender of contenders) {
      contender.handle.abort(new CancelledError({ ...contender.ready.target }));
    }
    return Promise.all(
      contenders.map(async (contender) => {
        await contender.settled;
        await contender.release?.().catch(() => undefined);
        contender.unlink();
      }),
    ).then(() => undefined);
  };

  try {
    if (!launch(false)) throw call.exhausted();
    for (;;) {
      const lead = running[0]!;
      const delay =
        hedges < policy.maxHedges && next < call.plan.length ? policy.delayFor(lead.ready.target) : undefined;
      const waiting: Promise<Settled<Value> | typeof timerFired>[] = running.map(
        (contender) => contender.settled,
      );
      if (delay !== undefined) {
        const elapsed = performance.now() - lead.startedAt;
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
      const { contender } = outcome;
      running.splice(running.indexOf(contender), 1);
      if ('value' in outcome) {
        policy.record(contender.ready.target, performance.now() - contender.startedAt);
        return { winner: contender, value: outcome.value, hedged, losers: stop(running) };
      }
      await contender.release?.().catch(() => undefined);
      contender.unlink();
      recordFailure(contender.index, outcome.error);
      if (running.length === 0 && !launch(false)) throw call.exhausted();
    }
  } catch (error) {
    clearTimeout(timer);
    await stop(running);
    throw error;
  }
}
