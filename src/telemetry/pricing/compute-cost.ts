import type { Cost } from '../../types/cost.js';
import type { Usage } from '../../types/usage.js';
import type { ModelPrices, PerMillion } from './model-prices.js';

/**
 * Prices one response's usage. `usage.inputTokens` includes cache reads and writes and `outputTokens`
 * includes reasoning (llmrouter's normalised usage), so each is split into its parts and every token is
 * priced exactly once: uncached input at the input price, cache reads and writes at theirs (the input
 * price when the model has none), output at the output price, reasoning at its own price only when the
 * model bills it apart. Tiered prices use the request's total input tokens, as the providers bill long
 * contexts. `undefined` when input or output counts are unknown, or when output was produced and the
 * model has only an input price: a partial sum would understate the bill.
 */
export function computeCost(prices: ModelPrices, usage: Usage): Cost | undefined {
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  if (input === undefined || output === undefined) return undefined;
  // An input-only price (embedding models) prices no output: a call that produced some is unknown.
  if (prices.output === undefined && output > 0) return undefined;
  const cached = Math.min(usage.cachedInputTokens ?? 0, input);
  const written = Math.min(usage.cacheWriteTokens ?? 0, input - cached);
  const uncached = input - cached - written;
  const price = (perMillion: PerMillion | undefined, tokens: number) =>
    tokens === 0 || perMillion === undefined ? 0 : (tokens * resolve(perMillion, input)) / 1_000_000;

  const inputUsd = price(prices.input, uncached);
  const cachedInputUsd = price(prices.cachedInput ?? prices.input, cached);
  const cacheWriteUsd = price(prices.cacheWrite ?? prices.input, written);
  const reasoning = prices.reasoning === undefined ? 0 : Math.min(usage.reasoningTokens ?? 0, output);
  const outputUsd = price(prices.output, output - reasoning) + price(prices.reasoning, reasoning);
  const cost: Cost = {
    usd: inputUsd + cachedInputUsd + cacheWriteUsd + outputUsd + (prices.perRequest ?? 0),
    inputUsd,
    outputUsd,
  };
  if (usage.cachedInputTokens !== undefined) cost.cachedInputUsd = cachedInputUsd;
  if (usage.cacheWriteTokens !== undefined) cost.cacheWriteUsd = cacheWriteUsd;
  return cost;
}

/** The per-million price for a request of `inputTokens`: the highest tier whose start it exceeds. */
function resolve(perMillion: PerMillion, inputTokens: number): number {
  if (typeof perMillion === 'number') return perMillion;
  let price = perMillion.base;
  for (const tier of perMillion.tiers) {
    if (inputTokens > tier.start) price = tier.price;
  }
  return price;
}
