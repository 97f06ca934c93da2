import { Counter, type CounterConfiguration } from 'prom-client';

interface Series {
  labels: string[];
  pending: number;
}

/**
 * A prom-client `Counter` whose increments are summed in plain numbers and handed to prom-client when
 * the registry is scraped. prom-client hashes and validates the label set on every `inc`, about a
 * microsecond each, which a gateway would pay several times per request; here a request costs one map
 * lookup per counter. The exposition is prom-client's, and a scrape always sees every increment made
 * before it.
 */
export class DeferredCounter<Label extends string> {
  readonly counter: Counter<Label>;
  private readonly series = new Map<string, Series>();

  constructor(config: Omit<CounterConfiguration<Label>, 'collect'>) {
    const series = this.series;
    this.counter = new Counter<Label>({
      ...config,
      collect() {
        for (const entry of series.values()) {
          if (entry.pending === 0) continue;
          this.labels(...entry.labels).inc(entry.pending);
          entry.pending = 0;
        }
      },
    });
  }

  /** Adds `amount` (default 1) to the series with these label values, in `labelNames` order. */
  inc(values: string[], amount = 1): void {
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { labels: values, pending: 0 };
      this.series.set(key, entry);
    }
    entry.pending += amount;
  }
}
