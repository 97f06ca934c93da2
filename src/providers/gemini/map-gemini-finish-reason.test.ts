import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

describe('mapGeminiFinishReason', () => {
  it('maps STOP to stop, or to tool_calls when the candidate called functions', () => {
    expect(mapGeminiFinishReason('STOP', false)).toEqual({ unified: 'stop', raw: 'STOP' });
    expect(mapGeminiFinishReason('STOP', true)).toEqual({ unified: 'tool_calls', raw: 'STOP' });
  });

  it('maps MAX_TOKENS to length even with tool calls', () => {
    expect(mapGeminiFinishReason('MAX_TOKENS', true)).toEqual({ unified: 'length', raw: 'MAX_TOKENS' });
  });

  it.each([
    'SAFETY',
    'RECITATION',
    'BLOCKLIST',
    'PROHIBITED_CONTENT',
    'SPII',
    'IMAGE_SAFETY',
    'IMAGE_PROHIBITED_CONTENT',
    'IMAGE_RECITATION',
  ])('maps %s to content_filter', (raw) => {
    expect(mapGeminiFinishReason(raw, false)).toEqual({ unified: 'content_filter', raw });
  });

  it.each([
    'MALFORMED_FUNCTION_CALL',
    'UNEXPECTED_TOOL_CALL',
    'TOO_MANY_TOOL_CALLS',
    'MISSING_THOUGHT_SIGNATURE',
  ])('maps %s to error', (raw) => {
    expect(mapGeminiFinishReason(raw, true)).toEqual({ unified: 'error', raw });
  });

  it('maps anything else, and a missing reason, to other', () => {
    expect(mapGeminiFinishReason('LANGUAGE', false)).toEqual({ unified: 'other', raw: 'LANGUAGE' });
    expect(mapGeminiFinishReason('OTHER', false)).toEqual({ unified: 'other', raw: 'OTHER' });
    expect(mapGeminiFinishReason(undefined, false)).toEqual({ unified: 'other', raw: undefined });
  });
});
