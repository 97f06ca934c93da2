import type { Usage } from '../../types/usage.js';
import type { GeminiUsageMetadata } from './api-types.js';

/**
 * Normalises Gemini's `usageMetadata`. Gemini counts thoughts apart from the answer
 * (`thoughtsTokenCount`), so output is their sum; the prompt count already includes cached tokens.
 *
 * Protobuf JSON leaves out counts that are zero, so once the metadata carries a `totalTokenCount` (a
 * real tally, not the `trafficType`-only metadata of early stream chunks) a missing count means 0.
 * Without one every count is unknown.
 *
 * @example
 * mapGeminiUsage({ promptTokenCount: 9, candidatesTokenCount: 29, thoughtsTokenCount: 256, totalTokenCount: 294 });
 * // { inputTokens: 9, outputTokens: 285, reasoningTokens: 256, totalTokens: 294 }
 */
export function mapGeminiUsage(metadata: GeminiUsageMetadata | undefined): Usage {
  if (metadata === undefined || !hasCounts(metadata)) {
    return { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };
  }
  const known = metadata.totalTokenCount !== undefined;
  const candidates = metadata.candidatesTokenCount ?? (known ? 0 : undefined);
  const thoughts = metadata.thoughtsTokenCount;
  const usage: Usage = {
    inputTokens: metadata.promptTokenCount ?? (known ? 0 : undefined),
    outputTokens: candidates === undefined ? undefined : candidates + (thoughts ?? 0),
    totalTokens: metadata.totalTokenCount,
  };
  if (metadata.cachedContentTokenCount !== undefined)
    usage.cachedInputTokens = metadata.cachedContentTokenCount;
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  return usage;
}

/** Whether the metadata carries any token count (early stream chunks carry only `trafficType`). */
export function hasCounts(metadata: GeminiUsageMetadata): boolean {
  return (
    metadata.totalTokenCount !== undefined ||
    metadata.promptTokenCount !== undefined ||
    metadata.candidatesTokenCount !== undefined
  );
}
