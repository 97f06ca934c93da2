import type { Usage } from './usage.js';

/** What a call or attempt cost, in US dollars, priced as the provider bills it. */
export interface Cost {
  /** Total, every component included. */
  usd: number;
  /** Uncached input tokens. */
  inputUsd?: number;
  /** Input tokens read from the provider's cache. */
  cachedInputUsd?: number;
  /** Input tokens written to the provider's cache. */
  cacheWriteUsd?: number;
  /** Output tokens, reasoning included unless the provider bills reasoning separately. */
  outputUsd?: number;
}

/**
 * Prices one attempt's usage. Returns `undefined` for a model it does not know: an unknown price is
 * never a silent zero.
 */
export type Pricer = (input: { provider: string; model: string; usage: Usage }) => Cost | undefined;

/** US dollars per million tokens: flat, or tiered by the request's input tokens (`start` exclusive). */
export type TokenPrice = number | { base: number; tiers: readonly { start: number; price: number }[] };

/**
 * Looks up a model's prices, for routing by cost (the `cost` group strategy). The price table of
 * `llmrouter/pricing` is one (`priceTable()`); a router whose `pricer` is one uses it without being told.
 */
export interface PriceLookup {
  /** Prices per million tokens in force now, or `undefined` when unknown. */
  pricesOf(provider: string, model: string): { input: TokenPrice; output: TokenPrice } | undefined;
}
