import { totalOf } from '../../types/create-response.js';
import type { Usage } from '../../types/usage.js';
import type { AnthropicUsage } from './api-types.js';

/**
 * Normalises Anthropic's token counts. Anthropic's `input_tokens` counts only the uncached part of the
 * prompt, so the prompt total adds cache reads and cache writes back in; the cache counts become the
 * `cachedInputTokens` / `cacheWriteTokens` subsets. Anthropic does not report thinking tokens apart
 * from `output_tokens`, so `reasoningTokens` stays unknown.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | undefined): Usage {
  const uncached = usage?.input_tokens ?? undefined;
  const cacheRead = usage?.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage?.cache_creation_input_tokens ?? undefined;
  const inputTokens = uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const outputTokens = usage?.output_tokens ?? undefined;
  const result: Usage = { inputTokens, outputTokens, totalTokens: totalOf(inputTokens, outputTokens) };
  if (cacheRead !== undefined) result.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) result.cacheWriteTokens = cacheWrite;
  return result;
}

/**
 * The usage a stream reports: `message_start` carries the input side, `message_delta` the final
 * output count and sometimes a corrected input side. A later field wins; a field the later event
 * leaves out (or sends as `null`) keeps the earlier value.
 */
export function mergeAnthropicUsage(
  earlier: AnthropicUsage | undefined,
  later: AnthropicUsage,
): AnthropicUsage {
  if (!earlier) return later;
  return {
    input_tokens: later.input_tokens ?? earlier.input_tokens,
    output_tokens: later.output_tokens ?? earlier.output_tokens,
    cache_read_input_tokens: later.cache_read_input_tokens ?? earlier.cache_read_input_tokens,
    cache_creation_input_tokens: later.cache_creation_input_tokens ?? earlier.cache_creation_input_tokens,
  };
}
