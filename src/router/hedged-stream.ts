import { IncompleteStreamError } from '../errors/incomplete-stream-error.js';
import type { StreamPart } from '../types/stream-part.js';
import type { CallPlan, ReadyTarget } from './call-plan.js';
import type { HedgePolicy } from './hedge-policy.js';
import { raceHedged } from './hedge-race.js';
import { markHedgeWinner } from './hedge-trail.js';

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

/**
 * The start of a streamed call that may run two targets at once (see {@link raceHedged}): the first
 * stream to produce a part wins, and the caller reads on from it. Throws when every target failed before
 * content, as an unhedged stream would.
 */
export async function startHedgedStream(call: CallPlan, policy: HedgePolicy): Promise<HedgedStreamStart> {
  const win = await raceHedged(call, policy, (ready, options) => {
    const iterator = ready.entry.chain.stream(ready.request, options)[Symbol.asyncIterator]();
    return {
      first: iterator.next().then((result) => {
        if (result.done) throw new IncompleteStreamError({ ...ready.target, detail: 'no parts' });
        return { iterator, part: result.value };
      }),
      release: async () => {
        await iterator.return?.();
      },
    };
  });
  const { winner, value, hedged, losers } = win;
  let finished: Promise<void> | undefined;
  return {
    index: winner.index,
    ready: winner.ready,
    iterator: value.iterator,
    first: value.part,
    finish: () => {
      finished ??= losers.then(() => {
        winner.unlink();
        if (hedged) markHedgeWinner(call.run.trail, winner.ready.target);
      });
      return finished;
    },
  };
}
