import type { Attempt, Target } from '../types/attempt.js';

/**
 * Marks the trail of a call that did hedge: the winner's attempt `won` (the last one on its target), and
 * each attempt the win aborted `lost`.
 */
export function markHedgeWinner(trail: readonly Attempt[], winner: Target): void {
  const record = trail.findLast(
    (attempt) =>
      attempt.outcome !== 'skipped' &&
      attempt.provider === winner.provider &&
      attempt.model === winner.model &&
      attempt.member === winner.member,
  );
  if (record) record.hedge = 'won';
  for (const attempt of trail) {
    if (attempt.errorKind === 'cancelled' && attempt.hedge === undefined) attempt.hedge = 'lost';
  }
}
