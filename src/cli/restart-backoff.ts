/** Options of {@link RestartBackoff}. */
export interface RestartBackoffOptions {
  /** The delay before the first restart after a worker that had been up. Default 250 ms. */
  initialMs?: number;
  /** The longest delay. Default 30 s. */
  maximumMs?: number;
  /** A worker up at least this long died of something else than a crash loop: back to `initialMs`. Default 10 s. */
  healthyAfterMs?: number;
}

/**
 * How long the primary waits before replacing a worker that died: `initialMs`, doubled for each worker
 * in a row that died sooner than `healthyAfterMs` after it started, up to `maximumMs`. A crash loop thus
 * settles at one restart every `maximumMs` instead of spinning a core.
 */
export class RestartBackoff {
  private readonly initialMs: number;
  private readonly maximumMs: number;
  private readonly healthyAfterMs: number;
  private quickDeaths = 0;

  constructor(options: RestartBackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maximumMs = options.maximumMs ?? 30_000;
    this.healthyAfterMs = options.healthyAfterMs ?? 10_000;
  }

  /** The delay before replacing a worker that was up for `uptimeMs`. */
  delayAfter(uptimeMs: number): number {
    if (uptimeMs >= this.healthyAfterMs) this.quickDeaths = 0;
    const delay = Math.min(this.maximumMs, this.initialMs * 2 ** this.quickDeaths);
    if (uptimeMs < this.healthyAfterMs) this.quickDeaths = Math.min(this.quickDeaths + 1, 30);
    return delay;
  }
}
