import { describe, expect, it } from 'vitest';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

describe('mapAnthropicFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'other'],
    ['something_new', 'other'],
  ] as const)('maps %s to %s and keeps the raw value', (raw, unified) => {
    expect(mapAnthropicFinishReason(raw)).toEqual({ unified, raw });
  });

  it('maps a missing reason to other with no raw value', () => {
    expect(mapAnthropicFinishReason(null)).toEqual({ unified: 'other', raw: undefined });
    expect(mapAnthropicFinishReason(undefined)).toEqual({ unified: 'other', raw: undefined });
  });
});
