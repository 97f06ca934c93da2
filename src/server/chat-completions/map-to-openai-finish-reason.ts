import type { FinishReason } from '../../types/usage.js';

/** The `finish_reason` values OpenAI's clients know. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * The router's unified finish reason in OpenAI's words. `error` and `other` (a provider's reason with no
 * OpenAI equivalent, such as Anthropic's `pause_turn`) become `stop`: the answer ended, and OpenAI's
 * clients reject values outside their list.
 */
export function mapToOpenAIFinishReason(finishReason: FinishReason): OpenAIFinishReason {
  switch (finishReason.unified) {
    case 'length':
      return 'length';
    case 'tool_calls':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
