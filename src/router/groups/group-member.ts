import type { Target } from '../../types/attempt.js';
import type { MemberHoldReason } from '../../types/group.js';

/** How much each new sample moves a moving average: recent calls count most, one outlier does not rule. */
const smoothing = 0.3;

/** An exponentially weighted moving average of one kind of figure (latency, or time to first token). */
export class MovingAverage {
  value = 0;
  samples = 0;

  add(sample: number): void {
    this.samples++;
    this.value = this.samples === 1 ? sample : this.value + smoothing * (sample - this.value);
  }
}

/**
 * One member of a group and everything the strategies read of it: calls in flight, moving averages,
 * its smooth-weighted-round-robin counter and its hold. Mutated only synchronously, so a choice and the
 * reservation it makes are one step: no two calls can race onto a member that has just gone on hold.
 */
export class GroupMember {
  /** Calls that chose this member and have not left it yet. */
  inFlight = 0;
  /** Times a call chose it (warm-up counts these, so a member that only fails still warms up). */
  tried = 0;
  lastTriedAt = 0;
  /** Smooth weighted round robin's running counter. */
  currentWeight = 0;
  heldUntil = 0;
  heldFor: MemberHoldReason | undefined;
  readonly complete = new MovingAverage();
  readonly stream = new MovingAverage();

  constructor(
    readonly target: Readonly<Target> & { member: string },
    readonly weight: number,
    /** Position in the group's configured order. */
    readonly index: number,
  ) {}

  get name(): string {
    return this.target.member;
  }

  available(now: number): boolean {
    return now >= this.heldUntil;
  }

  /** Takes the member out of rotation until `until`; a later deadline extends a hold, an earlier one never shortens it. */
  hold(until: number, reason: MemberHoldReason): void {
    if (until <= this.heldUntil) return;
    this.heldUntil = until;
    this.heldFor = reason;
  }

  /** Its breaker closed again: a hold that only waited for the breaker ends. */
  breakerClosed(): void {
    if (this.heldFor === 'circuit_open') this.heldUntil = 0;
  }
}
