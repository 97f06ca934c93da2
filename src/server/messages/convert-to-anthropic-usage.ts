import type { Usage } from '../../types/usage.js';

/** `usage` as Anthropic's messages carry it. */
export interface AnthropicWireUsage {
  /** Prompt tokens neither read from nor written to the cache. */
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * The router's usage in Anthropic's terms. Anthropic counts `input_tokens` apart from the cached ones,
 * where the router's `inputTokens` includes them, so those are subtracted. Anthropic's clients expect
 * numbers, so a count no provider reported is sent as 0.
 */
export function convertToAnthropicUsage(usage: Usage): AnthropicWireUsage {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
