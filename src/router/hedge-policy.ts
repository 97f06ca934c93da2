import { ConfigurationError } from '../errors/configuration-error.js';
import type { Target } from '../types/attempt.js';

/** Options of {@link hedge}. Give `afterMs`, `afterPercentile`, or both (then `afterMs` until enough samples). */
export interface HedgeOptions {
  /** Start the next target when the first has produced no content after this many milliseconds. */
  afterMs?: number;
  /**
   * Start the next target after this percentile (0–100, e.g. 95) of the first target's recent times to
   * first content. Until `minSamples` are known, `afterMs` applies (no hedge without it).
   */
  afterPercentile?: number;
  /** Most extra targets one call may start. Default 1. */
  maxHedges?: number;
  /**
   * Hedges allowed per hedge-eligible call, as a share (default 0.1). A bucket of `burst` hedges
   * refills by this much per call, so an outage that slows every call cannot double the traffic.
   */
  budgetRatio?: number;
  /** Hedges the budget holds (and starts with). Default 10. */
  burst?: number;
  /** Samples needed before `afterPercentile` is used. Default 20. */
  minSamples?: number;
}

// Enough recent samples per target for a stable high percentile, few enough to follow a change.
const sampleWindow = 100;

/**
 * When a call marked `safeToDuplicate` starts its next target in parallel, and how many such hedges the
 * router may send. One policy is shared by every call of a router (its budget and its figures are).
 */
export class HedgePolicy {
  private readonly afterMs: number | undefined;
  private readonly percentile: number | undefined;
  readonly maxHedges: number;
  private readonly ratio: number;
  private readonly burst: number;
  private readonly minSamples: number;
  private tokens: number;
  private readonly samples = new Map<string, number[]>();

  constructor(options: HedgeOptions) {
    const { afterMs, afterPercentile } = options;
    if (afterMs === undefined && afterPercentile === undefined) {
      throw new ConfigurationError('hedge() needs afterMs or afterPercentile');
    }
    if (afterMs !== undefined && !(Number.isFinite(afterMs) && afterMs >= 0)) {
      throw new ConfigurationError('hedge({ afterMs }) must be a non-negative number of milliseconds');
    }
    if (afterPercentile !== undefined && !(afterPercentile > 0 && afterPercentile < 100)) {
      throw new ConfigurationError('hedge({ afterPercentile }) must be between 0 and 100');
    }
    this.afterMs = afterMs;
    this.percentile = afterPercentile;
    this.maxHedges = positiveInteger(options.maxHedges ?? 1, 'maxHedges');
    this.ratio = options.budgetRatio ?? 0.1;
    if (!(this.ratio >= 0 && this.ratio <= 1)) {
      throw new ConfigurationError('hedge({ budgetRatio }) must be between 0 and 1');
    }
    this.burst = positiveInteger(options.burst ?? 10, 'burst');
    this.minSamples = positiveInteger(options.minSamples ?? 20, 'minSamples');
    this.tokens = this.burst;
  }

  /** A hedge-eligible call starts: the budget earns its share. */
  callStarted(): void {
    this.tokens = Math.min(this.burst, this.tokens + this.ratio);
  }

  /** How long to wait on `target` before hedging, or `undefined` for no hedge. */
  delayFor(target: Target): number | undefined {
    if (this.percentile !== undefined) {
      const samples = this.samples.get(key(target));
      if (samples && samples.length >= this.minSamples) {
        const sorted = [...samples].sort((a, b) => a - b);
        const rank = Math.min(sorted.length - 1, Math.ceil((this.percentile / 100) * sorted.length) - 1);
        return sorted[Math.max(0, rank)];
      }
    }
    return this.afterMs;
  }

  /** Takes one hedge from the budget; false when it is spent. */
  acquire(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** A target produced its first content (a whole answer, for `complete`) this many ms after it started. */
  record(target: Target, timeToFirstContentMs: number): void {
    const name = key(target);
    let samples = this.samples.get(name);
    if (!samples) {
      samples = [];
      this.samples.set(name, samples);
    }
    samples.push(timeToFirstContentMs);
    if (samples.length > sampleWindow) samples.shift();
  }
}

/**
 * A hedging policy: for calls marked `safeToDuplicate`, when the first target has produced nothing after
 * `afterMs` (or a percentile of its recent times to first content), the next target is started too; the
 * first to answer wins and the other is aborted (its connection closed, its attempt kept in the trail).
 * Hedges draw on a budget so that a slow outage cannot double the traffic.
 *
 * @example
 * const router = createRouter({ providers, fallbacks: ['anthropic'], hedge: hedge({ afterMs: 800 }) });
 * await router.complete(request, { safeToDuplicate: true });
 */
export function hedge(options: HedgeOptions): HedgePolicy {
  return new HedgePolicy(options);
}

/** Figures are per target; a group member (one key or deployment of a provider) keeps its own. */
function key(target: Target): string {
  return `${target.member ?? target.provider}\u0000${target.model}`;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`hedge({ ${name} }) must be a whole number of at least 1`);
  }
  return value;
}
