import type { Usage } from '../../types/usage.js';

/** `usage` as OpenAI's responses carry it. Counts the provider did not report are left out. */
export interface OpenAIWireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

/**
 * The router's usage in OpenAI's field names. Unknown counts stay absent rather than becoming zeros;
 * `undefined` when nothing at all is known.
 */
export function convertToOpenAIUsage(usage: Usage): OpenAIWireUsage | undefined {
  const { inputTokens, outputTokens } = usage;
  const total =
    usage.totalTokens ??
    (inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined);
  if (inputTokens === undefined && outputTokens === undefined && total === undefined) return undefined;
  const wire: OpenAIWireUsage = {};
  if (inputTokens !== undefined) wire.prompt_tokens = inputTokens;
  if (outputTokens !== undefined) wire.completion_tokens = outputTokens;
  if (total !== undefined) wire.total_tokens = total;
  if (usage.cachedInputTokens !== undefined)
    wire.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined) {
    wire.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return wire;
}
