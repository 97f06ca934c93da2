/** Reads a response header by lower-case name. */
export type HeaderReader = (name: string) => string | undefined;

/**
 * How long the provider asked us to wait: `retry-after-ms`, then `retry-after` in seconds or as an HTTP
 * date. `undefined` when it said nothing usable.
 */
export function parseRetryAfter(header: HeaderReader, now: number = Date.now()): number | undefined {
  const milliseconds = header('retry-after-ms');
  if (milliseconds !== undefined) {
    const value = Number.parseFloat(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = header('retry-after');
  if (retryAfter === undefined) return undefined;
  const trimmed = retryAfter.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number.parseFloat(trimmed) * 1000;
  // Every HTTP-date form names its month; without this, Date.parse reads "-5" or "1.5.2" as past dates
  // and a garbage header would mean "retry at once".
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The provider's explicit retry verdict from `x-should-retry`, if it sent one. */
export function parseShouldRetry(header: HeaderReader): boolean | undefined {
  const value = header('x-should-retry');
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Parses a protobuf duration string such as Gemini's `"34.4s"` into milliseconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Number.parseFloat(match[1]!) * 1000 : undefined;
}
