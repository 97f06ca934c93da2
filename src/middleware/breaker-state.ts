import type { CircuitState } from '../types/events.js';

/** Settings one breaker runs on. */
export interface BreakerSettings {
  failureThreshold: number;
  cooldownMs: number;
  halfOpenProbes: number;
}

/** What a breaker answers when a call asks to go through. */
export type Admission =
  | { admitted: true; probe: boolean; period?: number }
  | { admitted: false; reopensAt: number };

/**
 * How an admitted call ended, from the breaker's point of view: `trip` is a failure that opens the
 * breaker at once, whatever the count (a rejected key of a group member).
 */
export type Verdict = 'success' | 'failure' | 'neutral' | 'trip';

/**
 * The state machine of one breaker: closed → open after `failureThreshold` consecutive counted failures;
 * open fails fast for `cooldownMs`; then half-open admits exactly `halfOpenProbes` calls at a time. A probe
 * success closes it, a probe failure reopens it, a neutral end (a 400, a cancellation) frees the slot.
 * A `trip` opens it from any state.
 */
export class BreakerState {
  state: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private reopensAt = 0;
  private probesInFlight = 0;
  // Which half-open period a probe was admitted in: one from an earlier period (before a reset or a
  // reopen) must neither free a slot of the current one nor decide its outcome.
  private halfOpenPeriod = 0;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly onChange: (from: CircuitState, to: CircuitState) => void,
  ) {}

  /** While open: when the breaker lets a probe through, epoch milliseconds. */
  get openUntil(): number {
    return this.reopensAt;
  }

  /** The state now, moving open → half-open once the cooldown has passed. */
  current(now: number): CircuitState {
    if (this.state === 'open' && now >= this.reopensAt) {
      this.probesInFlight = 0;
      this.halfOpenPeriod++;
      this.transition('half-open');
    }
    return this.state;
  }

  admit(now: number): Admission {
    const state = this.current(now);
    if (state === 'closed') return { admitted: true, probe: false };
    if (state === 'half-open' && this.probesInFlight < this.settings.halfOpenProbes) {
      this.probesInFlight++;
      return { admitted: true, probe: true, period: this.halfOpenPeriod };
    }
    return { admitted: false, reopensAt: this.reopensAt };
  }

  settle(admission: { probe: boolean; period?: number }, verdict: Verdict, now: number): void {
    if (admission.probe) {
      // A probe admitted before a reopen or reset may end after it; only a live probe moves the state.
      if (this.state !== 'half-open' || admission.period !== this.halfOpenPeriod) return;
      this.probesInFlight = Math.max(0, this.probesInFlight - 1);
      if (verdict === 'success') this.close();
      else if (verdict === 'failure' || verdict === 'trip') this.open(now);
      return;
    }
    if (this.state !== 'closed') return;
    if (verdict === 'trip') {
      this.open(now);
    } else if (verdict === 'success') {
      this.consecutiveFailures = 0;
    } else if (verdict === 'failure') {
      this.consecutiveFailures++;
      if (this.consecutiveFailures >= this.settings.failureThreshold) this.open(now);
    }
  }

  reset(): void {
    this.close();
  }

  /**
   * Another replica (or the provider's Retry-After) says the target is open until `reopensAt`. Only ever
   * extends: an earlier deadline than the one already held changes nothing. True when something changed.
   */
  holdOpenUntil(reopensAt: number): boolean {
    if (this.state === 'open' && reopensAt <= this.reopensAt) return false;
    this.reopensAt = reopensAt;
    this.probesInFlight = 0;
    this.transition('open');
    return true;
  }

  /** Another replica's probe succeeded: close, unless already closed. */
  closeFromFleet(): void {
    if (this.state !== 'closed') this.close();
  }

  private open(now: number): void {
    this.reopensAt = now + this.settings.cooldownMs;
    this.probesInFlight = 0;
    this.transition('open');
  }

  private close(): void {
    this.consecutiveFailures = 0;
    this.probesInFlight = 0;
    this.transition('closed');
  }

  private transition(to: CircuitState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.onChange(from, to);
  }
}
