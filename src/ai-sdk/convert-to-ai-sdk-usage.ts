import type { LanguageModelV3Usage } from '@ai-sdk/provider';
import type { Usage } from '../types/usage.js';

/**
 * The router's normalised usage in the AI SDK's shape. The router counts cache reads and writes inside
 * `inputTokens` and reasoning inside `outputTokens`, as the AI SDK does, so the splits are subtractions;
 * a count the provider did not report stays `undefined`.
 */
export function convertToAiSdkUsage(usage: Usage): LanguageModelV3Usage {
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  return {
    inputTokens: {
      total: input,
      noCache:
        input === undefined
          ? undefined
          : input - (usage.cachedInputTokens ?? 0) - (usage.cacheWriteTokens ?? 0),
      cacheRead: usage.cachedInputTokens,
      cacheWrite: usage.cacheWriteTokens,
    },
    outputTokens: {
      total: output,
      text: output === undefined ? undefined : output - (usage.reasoningTokens ?? 0),
      reasoning: usage.reasoningTokens,
    },
  };
}
