import type { FinishReason } from '../../types/usage.js';

/** The `stop_reason` values Anthropic's clients know. */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal';

const anthropicReasons = new Set<string>([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
]);

/**
 * The router's finish reason in Anthropic's words. An Anthropic target's own reason is kept as it was
 * (`stop_sequence` and `pause_turn` have no unified equivalent); another vendor's is mapped from the
 * unified value, `content_filter` becoming `refusal` and anything else `end_turn`.
 */
export function mapToAnthropicStopReason(finishReason: FinishReason): AnthropicStopReason {
  if (finishReason.raw !== undefined && anthropicReasons.has(finishReason.raw)) {
    return finishReason.raw as AnthropicStopReason;
  }
  switch (finishReason.unified) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
