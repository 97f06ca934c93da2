import type { Attempt } from '../types/attempt.js';
import type { Cost } from '../types/cost.js';

type Step = NonNullable<Attempt['structured']>[number];

/**
 * The trail of one object call, stitched from the trails of the router calls it made (one per
 * question to one target). Ordinals run on across them; the first attempt of a call is `fallback` when
 * it moved to a new target, `retry` when it asked the same target again.
 */
export class ObjectTrail {
  readonly attempts: Attempt[] = [];

  /**
   * Appends one router call's trail. Returns the attempt that answered (the last success), to be marked
   * with what became of its answer.
   */
  append(
    records: readonly Attempt[] | undefined,
    context: { reason: Attempt['reason'] },
  ): Attempt | undefined {
    if (!records) return undefined;
    let answered: Attempt | undefined;
    for (const [index, record] of records.entries()) {
      const copy: Attempt = { ...record, ordinal: this.attempts.length + 1 };
      if (index === 0) copy.reason = context.reason;
      this.attempts.push(copy);
      if (copy.outcome === 'success') answered = copy;
    }
    return answered;
  }

  /** Adds a pipeline step to an attempt, and says why when the answer was rejected. */
  mark(attempt: Attempt | undefined, step: Step, message?: string): void {
    if (!attempt) return;
    const steps = attempt.structured ?? [];
    if (!steps.includes(step)) steps.push(step);
    attempt.structured = steps;
    if (message !== undefined) attempt.message = message;
  }

  /**
   * The object call's cost: every priced attempt summed, `undefined` when the attempt that served has no
   * price (a partial sum would understate the bill), as the router does for one call.
   */
  totalCost(): Cost | undefined {
    const served = this.attempts.findLast((attempt) => attempt.outcome === 'success');
    if (!served?.cost) return undefined;
    const priced = this.attempts.filter((attempt) => attempt.cost);
    if (priced.length === 1) return served.cost;
    let usd = 0;
    for (const attempt of priced) usd += attempt.cost!.usd;
    return { usd };
  }
}
