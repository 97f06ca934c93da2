import { linkSignal } from '../abort/abort-error.js';
import { AbortHandle, withAbortHandle } from '../abort/abort-handle.js';
import { CancelledError } from '../errors/cancelled-error.js';
import { isFallbackEligible, toRouterError } from '../errors/classify.js';
import { IncompleteStreamError } from '../errors/incomplete-stream-error.js';
import type { StreamPart } from '../types/stream-part.js';
import type { CallPlan, ReadyTarget } from './call-plan.js';
import type { HedgePolicy } from './hedge-policy.js';
import { markHedgeWinner } from './hedge-trail.js';

/** One target's stream under way, until some stream produces its first part. */
interface Contender {
  index: number;
  ready: ReadyTarget;
  iterator: AsyncIterator<StreamPart>;
  handle: AbortHandle;
  unlink: () => void;
  startedAt: number;
  first: Promise<FirstPart>;
}

type FirstPart = { contender: Contender; part: StreamPart } | { contender: Contender; error: unknown };

/** The stream that produced content first: the caller reads on from it; the others have been aborted. */
export interface HedgedStreamStart {
  /** Its index in the plan. */
  index: number;
  ready: ReadyTarget;
  /** Positioned after `first`. */
  iterator: AsyncIterator<StreamPart>;
  first: StreamPart;
  /**
   * The stream is over (finished, failed or stopped): waits for every aborted contender to unwind, so
   * its attempt is in the trail, then marks the trail's winner and losers. Call once the winner's own
   * attempt has been recorded.
   */
  finish(): Promise<void>;
}

const timerFired = Symbol('hedge timer');

/**
 * The start of a streamed call that may run two targets at once. The plan is walked as usual (a failure
 * before content moves to the next target); while the first running target has produced nothing after
 * the policy's delay, and the budget allows, the next target is started beside it. The first stream to
 * produce a part wins; every other is aborted (its connection closed). Throws when every target failed
 * before content, as an unhedged stream would.
 */
export async function startHedgedStream(call: CallPlan, policy: HedgePolicy): Promise<HedgedStreamStart> {
  policy.callStarted();
  const running: Contender[] = [];
  let next = 0;
  let hedges = 0;
  let hedged = false;
  let timer: NodeJS.Timeout | undefined;

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
      const iterator = ready.entry.chain
        .stream(ready.request, withAbortHandle(call.callOptions, handle))
        [Symbol.asyncIterator]();
      const contender = { index, ready, iterator, handle, unlink, startedAt: performance.now() } as Contender;
      contender.first = iterator.next().then(
        (result): FirstPart =>
          result.done
            ? { contender, error: new IncompleteStreamError({ ...ready.target, detail: 'no parts' }) }
            : { contender, part: result.value },
        (error: unknown): FirstPart => ({ contender, error }),
      );
      running.push(contender);
      return true;
    }
    return false;
  };

  /** Hands a failure to the plan; swallowed while another stream is still running and may yet answer. */
  const recordFailure = (index: number, error: unknown, skipped = false): void => {
    try {
      call.fail(index, error, skipped);
    } catch (end) {
      const stillRunning = running.length > 0 && !call.signal.signal?.aborted;
      if (!(stillRunning && (skipped || isFallbackEligible(toRouterError(error))))) throw end;
    }
  };

  /** Aborts `contenders` and resolves once each has unwound (its attempt recorded, its socket closed). */
  const stop = (contenders: readonly Contender[]): Promise<void> => {
    for (const contender of contenders)
      contender.handle.abort(new CancelledError({ ...contender.ready.target }));
    return Promise.all(
      contenders.map(async (contender) => {
        await contender.first;
        await contender.iterator.return?.().catch(() => undefined);
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
      const waiting: Promise<FirstPart | typeof timerFired>[] = running.map((contender) => contender.first);
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
      if ('part' in outcome) {
        policy.record(contender.ready.target, performance.now() - contender.startedAt);
        const losers = stop(running);
        let finished: Promise<void> | undefined;
        return {
          index: contender.index,
          ready: contender.ready,
          iterator: contender.iterator,
          first: outcome.part,
          finish: () => {
            finished ??= losers.then(() => {
              contender.unlink();
              if (hedged) markHedgeWinner(call.run.trail, contender.ready.target);
            });
            return finished;
          },
        };
      }
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
