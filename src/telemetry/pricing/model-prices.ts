/** A tier: from `start` input tokens (exclusive), every token of the unit costs `price` per million. */
export interface PriceTier {
  start: number;
  price: number;
}

/**
 * US dollars per million tokens: flat, or tiered by the request's total input tokens (long-context
 * pricing: above the threshold, every token of the request costs the tier price, as the providers bill).
 */
export type PerMillion = number | { base: number; tiers: readonly PriceTier[] };

/** What one model costs, in US dollars per million tokens. */
export interface ModelPrices {
  /** Uncached input tokens. */
  input: PerMillion;
  /** Input tokens read from the cache. Default: the input price. */
  cachedInput?: PerMillion;
  /** Input tokens written to the cache. Default: the input price. */
  cacheWrite?: PerMillion;
  /**
   * Output tokens, reasoning included unless `reasoning` prices it apart. Absent for a model billed on
   * input only (embedding models): usage with output tokens then has no price.
   */
  output?: PerMillion;
  /** Reasoning tokens, for the rare model that bills them apart from other output. */
  reasoning?: PerMillion;
  /** A fixed fee per request, in US dollars. */
  perRequest?: number;
}

/** When a set of prices applies. */
export type PriceConstraint =
  /** From this instant on (epoch milliseconds). */
  | { type: 'from'; at: number }
  /** Between two times of day, in seconds after midnight UTC; `end < start` wraps past midnight. */
  | { type: 'time-of-day'; start: number; end: number };

/** Prices that change over time (a price cut on a date, off-peak discounts), latest rule last. */
export type PriceSchedule = readonly { prices: ModelPrices; constraint?: PriceConstraint }[];

/**
 * The prices in force at `at` (epoch milliseconds): the last entry whose constraint holds (one without a
 * constraint always holds), else the first entry.
 */
export function pricesAt(schedule: PriceSchedule, at: number): ModelPrices | undefined {
  if (schedule.length === 1) return schedule[0]!.prices;
  // Epoch milliseconds count whole UTC days (JavaScript time has no leap seconds).
  const secondOfDay = (((at % 86_400_000) + 86_400_000) % 86_400_000) / 1000;
  for (let index = schedule.length - 1; index >= 0; index--) {
    const entry = schedule[index]!;
    const constraint = entry.constraint;
    if (constraint === undefined) return entry.prices;
    if (constraint.type === 'from' && at >= constraint.at) return entry.prices;
    if (constraint.type === 'time-of-day') {
      const within =
        constraint.end < constraint.start
          ? secondOfDay >= constraint.start || secondOfDay < constraint.end
          : secondOfDay >= constraint.start && secondOfDay < constraint.end;
      if (within) return entry.prices;
    }
  }
  return schedule[0]?.prices;
}
