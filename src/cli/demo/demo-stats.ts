import type { Attempt } from '../../types/attempt.js';
import type { CircuitState, RouterHooks } from '../../types/events.js';
import type { RouterError } from '../../types/router-error.js';

/** One demo request, once it has ended. */
export interface DemoRecord {
  /** 1-based, in the order sent. */
  index: number;
  stream: boolean;
  /** Milliseconds since the run started. */
  sentAt: number;
  latencyMs: number;
  /** Streams: time to the first part. */
  timeToFirstPartMs?: number;
  /** The provider that served, when one did. */
  provider?: string;
  trail: readonly Attempt[];
  error?: RouterError;
}

/** Something worth a line of its own: a breaker changing state, the primary's script changing. */
export interface DemoEvent {
  atMs: number;
  text: string;
  kind: 'breaker' | 'script';
  /** For breaker events, the state entered. */
  to?: CircuitState;
}

/** What one provider did during the run. */
export interface ProviderTally {
  served: number;
  attempts: number;
  /** Targets passed over because the breaker was open. */
  skipped: number;
  errors: Map<string, number>;
  openings: number;
}

/**
 * The demo's counters. Retries, fallbacks and breaker changes come from the router's hooks as they
 * happen; everything else from each request's attempt trail when it ends.
 */
export class DemoStats {
  readonly records: DemoRecord[] = [];
  readonly events: DemoEvent[] = [];
  retries = 0;
  fallbacks = 0;
  sent = 0;
  private readonly tallies = new Map<string, ProviderTally>();
  private startedAt = Date.now();

  /** Hooks to give the router. */
  readonly hooks: RouterHooks = {
    onRetry: () => {
      this.retries++;
    },
    onFallback: () => {
      this.fallbacks++;
    },
    onCircuitStateChange: (event) => {
      const tally = this.tally(event.target.provider);
      if (event.to === 'open') tally.openings++;
      this.event({
        kind: 'breaker',
        to: event.to,
        text: `breaker ${event.target.provider}: ${event.from} → ${event.to}`,
      });
    },
  };

  constructor(readonly providers: readonly string[]) {
    for (const provider of providers) this.tally(provider);
  }

  start(): void {
    this.startedAt = Date.now();
  }

  /** Milliseconds since the run started. */
  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  event(event: Omit<DemoEvent, 'atMs'>): void {
    this.events.push({ ...event, atMs: this.elapsedMs() });
  }

  record(record: DemoRecord): void {
    this.records.push(record);
    for (const attempt of record.trail) {
      const tally = this.tally(attempt.provider);
      if (attempt.outcome === 'skipped') tally.skipped++;
      else tally.attempts++;
      if (attempt.outcome === 'success') tally.served++;
      if (attempt.outcome === 'error' && attempt.errorKind) {
        tally.errors.set(attempt.errorKind, (tally.errors.get(attempt.errorKind) ?? 0) + 1);
      }
    }
  }

  tally(provider: string): ProviderTally {
    let tally = this.tallies.get(provider);
    if (!tally) {
      tally = { served: 0, attempts: 0, skipped: 0, errors: new Map(), openings: 0 };
      this.tallies.set(provider, tally);
    }
    return tally;
  }

  get succeeded(): number {
    return this.records.filter((record) => !record.error).length;
  }

  get failed(): number {
    return this.records.filter((record) => record.error).length;
  }

  get openings(): number {
    let total = 0;
    for (const tally of this.tallies.values()) total += tally.openings;
    return total;
  }

  /** Latency percentiles (ms) of successful requests, or of streams' first parts. */
  latency(which: 'total' | 'first-part' = 'total'): { p50: number; p90: number; p99: number } | undefined {
    const values = this.records
      .filter((record) => !record.error)
      .map((record) => (which === 'total' ? record.latencyMs : record.timeToFirstPartMs))
      .filter((value): value is number => value !== undefined)
      .sort((left, right) => left - right);
    if (values.length === 0) return undefined;
    return { p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99) };
  }
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
