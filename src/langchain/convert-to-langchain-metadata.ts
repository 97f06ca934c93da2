import type { UsageMetadata } from '@langchain/core/messages';
import type { Attempt } from '../types/attempt.js';
import type { Usage } from '../types/usage.js';

/** The router's usage as LangChain's `usage_metadata`, or `undefined` when the provider gave no counts. */
export function convertToUsageMetadata(usage: Usage): UsageMetadata | undefined {
  if (usage.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  const metadata: UsageMetadata = {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens ?? usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedInputTokens !== undefined || usage.cacheWriteTokens !== undefined) {
    metadata.input_token_details = {};
    if (usage.cachedInputTokens !== undefined)
      metadata.input_token_details.cache_read = usage.cachedInputTokens;
    if (usage.cacheWriteTokens !== undefined)
      metadata.input_token_details.cache_creation = usage.cacheWriteTokens;
  }
  if (usage.reasoningTokens !== undefined) {
    metadata.output_token_details = { reasoning: usage.reasoningTokens };
  }
  return metadata;
}

/** `response_metadata`: who served, why it stopped, and every attempt the router made. */
export function responseMetadata(source: {
  provider: string;
  model: string;
  finishReason: string | undefined;
  trail: readonly Attempt[];
}): Record<string, unknown> {
  return {
    provider: source.provider,
    model_name: source.model,
    finish_reason: source.finishReason,
    trail: [...source.trail],
  };
}
