import { totalOf, unknownUsage } from '../../types/create-response.js';
import type { Usage } from '../../types/usage.js';
import type { OpenAIUsage } from './api-types.js';

/**
 * Normalises Chat Completions `usage`. Cache reads come from `prompt_tokens_details.cached_tokens`
 * (DeepSeek: `prompt_cache_hit_tokens`) and are already part of `prompt_tokens`.
 *
 * Reasoning tokens are part of `completion_tokens` at OpenAI, DeepSeek and Groq, but not at xAI, whose
 * `total_tokens` adds them on top. When the counts show that (reasoning larger than the completion, or
 * a total equal to prompt + completion + reasoning) they are added to `outputTokens`, so it always
 * includes reasoning.
 */
export function mapOpenAIUsage(usage: OpenAIUsage | null | undefined): Usage {
  if (!usage) return unknownUsage();
  const inputTokens = count(usage.prompt_tokens);
  let outputTokens = count(usage.completion_tokens);
  const reasoningTokens = count(usage.completion_tokens_details?.reasoning_tokens);
  const reportedTotal = count(usage.total_tokens);
  if (outputTokens !== undefined && reasoningTokens !== undefined && reasoningTokens > 0) {
    const excluded =
      reasoningTokens > outputTokens ||
      (inputTokens !== undefined && reportedTotal === inputTokens + outputTokens + reasoningTokens);
    if (excluded) outputTokens += reasoningTokens;
  }
  const result: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: reportedTotal ?? totalOf(inputTokens, outputTokens),
  };
  const cached = count(usage.prompt_tokens_details?.cached_tokens) ?? count(usage.prompt_cache_hit_tokens);
  if (cached !== undefined) result.cachedInputTokens = cached;
  if (reasoningTokens !== undefined) result.reasoningTokens = reasoningTokens;
  return result;
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
