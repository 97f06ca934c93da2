import { describe, expect, it } from 'vitest';
import { mapToOpenAIFinishReason } from './map-to-openai-finish-reason.js';

describe('mapToOpenAIFinishReason', () => {
  it.each([
    ['stop', 'end_turn', 'stop'],
    ['length', 'MAX_TOKENS', 'length'],
    ['tool_calls', 'tool_use', 'tool_calls'],
    ['content_filter', 'SAFETY', 'content_filter'],
    ['other', 'pause_turn', 'stop'],
    ['error', 'MALFORMED_FUNCTION_CALL', 'stop'],
  ] as const)('%s (%s) → %s', (unified, raw, expected) => {
    expect(mapToOpenAIFinishReason({ unified, raw })).toBe(expected);
  });
});
