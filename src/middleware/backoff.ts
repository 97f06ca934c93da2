/** Settings for exponential backoff with full jitter. */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random: () => number;
}

/**
 * Delay before retry number `retry` (1 for the first retry): a uniform draw from
 * `[0, min(maxDelayMs, baseDelayMs * 2^(retry-1)))`. Full jitter spreads retries of many callers apart,
 * which is what keeps a recovering provider from being stampeded.
 */
export function fullJitterDelay(retry: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(options.random() * ceiling);
}
