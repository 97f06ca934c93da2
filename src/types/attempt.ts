import type { Cost } from './cost.js';
import type { ErrorKind } from './error-kind.js';
import type { Tags } from './tags.js';
import type { Usage } from './usage.js';
import type { SettingWarning } from './warning.js';

/** A provider plus the model name that provider receives. */
export interface Target {
  provider: string;
  model: string;
  /** The group member this target is (its own key, deployment or region), when the model is a group. */
  member?: string;
  /** This target's own tags (a group member's, or set where the target is configured), laid over its provider's. */
  tags?: Tags;
}

/** Why an attempt was made. */
export type AttemptReason = 'primary' | 'retry' | 'fallback' | 'hedge';

/** One entry of the attempt trail: what was tried, and what came of it. */
export interface Attempt {
  /** 1-based position in the call's trail. */
  ordinal: number;
  provider: string;
  model: string;
  /** The group member that was tried, when the model is a group. */
  member?: string;
  reason: AttemptReason;
  /** `skipped`: not sent (breaker open, or the provider lacks a capability the request needs). */
  outcome: 'success' | 'error' | 'skipped';
  errorKind?: ErrorKind;
  /** HTTP status when the provider answered with one. */
  status?: number;
  /** Provider's error message (never a key). */
  message?: string;
  /** Wall-clock start, epoch milliseconds. */
  startedAt: number;
  latencyMs: number;
  /** Streams: time from the attempt's start to its first content part. */
  timeToFirstContentMs?: number;
  usage?: Usage;
  /** What this attempt cost, when the router has a pricer and knows the model's price. */
  cost?: Cost;
  /**
   * Structured output only (`completeObject`, `streamObject`): what the object pipeline made of the
   * answer this attempt returned. `reasked`: the request asked again after a rejected answer;
   * `repaired`: the answer was accepted after its JSON syntax was repaired; `schema_invalid`: the answer
   * was rejected (not JSON, cut off, or invalid against the schema), and `message` says why.
   */
  structured?: Array<'schema_invalid' | 'repaired' | 'reasked'>;
  /**
   * What a rate limiter (`rateLimit()`) did to this target: `waited` — the attempt was held `waitMs` for
   * its slot before it was sent; `moved-on` — the limiter refused it (outcome `skipped`), its slot being
   * `waitMs` away (beyond the target's wait allowance, or the target moves on at the limit), and the
   * call went to the next target.
   */
  rateLimit?: { action: 'waited' | 'moved-on'; waitMs: number };
  /**
   * Settings the adapter dropped or changed when it converted this attempt's request (a successful
   * attempt only). Absent when every setting went out as asked.
   */
  warnings?: readonly SettingWarning[];
  /**
   * Hedged calls only: `won` on the attempt whose answer the caller got, `lost` on one that ran beside
   * it and was aborted when the winner answered.
   */
  hedge?: 'won' | 'lost';
}
