import { describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

describe('mapOpenAIFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['eos', 'stop'],
    ['length', 'length'],
    ['model_length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['error', 'error'],
    ['something_new', 'other'],
  ] as const)('%s -> %s, keeping the raw value', (raw, unified) => {
    expect(mapOpenAIFinishReason(raw)).toEqual({ unified, raw });
  });

  it('maps a missing finish reason to other with no raw value', () => {
    expect(mapOpenAIFinishReason(null)).toEqual({ unified: 'other', raw: undefined });
    expect(mapOpenAIFinishReason(undefined)).toEqual({ unified: 'other', raw: undefined });
  });

  it('does not treat inherited object keys as known reasons', () => {
    expect(mapOpenAIFinishReason('constructor')).toEqual({ unified: 'other', raw: 'constructor' });
  });
});
