import type { FinishReason } from '../../types/usage.js';

/**
 * Maps Anthropic's `stop_reason` to the unified finish reason, keeping the raw value.
 *
 * `pause_turn` (a server tool paused a long turn; send it back to continue) has no unified twin, so it
 * is `other`. So are unknown and missing values: a reason the adapter does not understand must not be
 * mistaken for a clean stop.
 */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  const raw = stopReason ?? undefined;
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool_calls', raw };
    case 'refusal':
      return { unified: 'content_filter', raw };
    default:
      return { unified: 'other', raw };
  }
}
