import type { TimeoutPhase } from '../errors/timeout-error.js';

/**
 * A stream's gap deadline (first content, then idle between parts): one `Timeout` for the whole stream,
 * re-armed with `refresh()` instead of a new timer per part. While the caller holds a part the clock
 * does not count, since that time is not the provider's.
 */
export class GapTimer {
  private timer: NodeJS.Timeout | undefined = undefined;
  private ms: number | undefined = undefined;
  private phase: TimeoutPhase = 'first-content';
  private held = false;
  private readonly fire = () => {
    // Fired while the caller held a part: not the provider's gap. `arm` starts the clock again.
    if (!this.held) this.onExpire(this.phase, this.ms!);
  };

  constructor(private readonly onExpire: (phase: TimeoutPhase, ms: number) => void) {}

  /** Starts the gap clock: `ms` from now, in `phase`. `undefined` leaves this gap unbounded. */
  arm(phase: TimeoutPhase, ms: number | undefined): void {
    this.held = false;
    if (ms === undefined) {
      this.stop();
      return;
    }
    this.phase = phase;
    if (this.timer !== undefined && ms === this.ms) {
      this.timer.refresh();
      return;
    }
    clearTimeout(this.timer);
    this.ms = ms;
    this.timer = setTimeout(this.fire, ms);
  }

  /** A part arrived and is the caller's now: the clock stops counting until the next `arm`. */
  hold(): void {
    this.held = true;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
