import type { LanguageModelV3FinishReason } from '@ai-sdk/provider';
import type { FinishReason } from '../types/usage.js';

const unified = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
  error: 'error',
  other: 'other',
} as const satisfies Record<FinishReason['unified'], LanguageModelV3FinishReason['unified']>;

/** The router's finish reason in the AI SDK's words, the provider's raw value kept. */
export function mapAiSdkFinishReason(reason: FinishReason): LanguageModelV3FinishReason {
  return { unified: unified[reason.unified], raw: reason.raw };
}
