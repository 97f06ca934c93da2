import type { FinishReason } from '../../types/usage.js';

// Policy refusals of text or images: the answer was withheld or cut on safety/policy grounds.
const contentFilterReasons = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

// The model tried to call a tool and the call is unusable: the turn failed rather than finished.
const errorReasons = new Set([
  'MALFORMED_FUNCTION_CALL',
  'UNEXPECTED_TOOL_CALL',
  'TOO_MANY_TOOL_CALLS',
  'MISSING_THOUGHT_SIGNATURE',
  'MALFORMED_RESPONSE',
]);

/**
 * Maps a Gemini `finishReason` to the unified one. Gemini reports `STOP` when the model called
 * functions, so `hasToolCalls` turns that into `tool_calls`.
 *
 * @example
 * mapGeminiFinishReason('STOP', true); // { unified: 'tool_calls', raw: 'STOP' }
 */
export function mapGeminiFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason {
  if (raw === 'STOP') return { unified: hasToolCalls ? 'tool_calls' : 'stop', raw };
  if (raw === 'MAX_TOKENS') return { unified: 'length', raw };
  if (raw !== undefined && contentFilterReasons.has(raw)) return { unified: 'content_filter', raw };
  if (raw !== undefined && errorReasons.has(raw)) return { unified: 'error', raw };
  return { unified: 'other', raw };
}
