import { describe, expect, it } from 'vitest';
import type { AnthropicResponse } from './api-types.js';
import { answerFinishReason, jsonToolAnswer, mapAnthropicResponse } from './map-anthropic-response.js';

const usage = { input_tokens: 10, output_tokens: 5 };
const options = { provider: 'anthropic', model: 'claude-sonnet-4-5', jsonTool: undefined };

function response(content: AnthropicResponse['content'], stopReason = 'end_turn'): AnthropicResponse {
  return { id: 'msg_1', model: 'claude-sonnet-4-5-20250929', content, stop_reason: stopReason, usage };
}

describe('mapAnthropicResponse', () => {
  it('joins text blocks and reads id, model, usage and finish reason', () => {
    expect(
      mapAnthropicResponse(
        response([
          { type: 'text', text: 'Hello' },
          { type: 'text', text: ' world' },
        ]),
        options,
      ),
    ).toEqual({
      id: 'msg_1',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      content: 'Hello world',
      toolCalls: [],
      reasoning: [],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    });
  });

  it('reads thinking with its signature, redacted thinking, and tool calls', () => {
    const parts = mapAnthropicResponse(
      response(
        [
          { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'text', text: 'Calling.' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
          { type: 'tool_use', id: 'toolu_2', name: 'ping', input: {} },
        ],
        'tool_use',
      ),
      options,
    );
    expect(parts.reasoning).toEqual([
      { text: 'Hmm.', signature: 'sig', provider: 'anthropic' },
      { text: '', redactedData: 'opaque', provider: 'anthropic' },
    ]);
    expect(parts.toolCalls).toEqual([
      { id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' },
      { id: 'toolu_2', name: 'ping', arguments: '{}' },
    ]);
    expect(parts.content).toBe('Calling.');
    expect(parts.finishReason).toEqual({ unified: 'tool_calls', raw: 'tool_use' });
  });

  it('has null content when the model wrote no text, and skips unknown blocks', () => {
    const parts = mapAnthropicResponse(
      response([{ type: 'fallback', from: { model: 'a' }, to: { model: 'b' } }], 'refusal'),
      options,
    );
    expect(parts.content).toBeNull();
    expect(parts.finishReason).toEqual({ unified: 'content_filter', raw: 'refusal' });
  });

  it('turns the json tool input into the answer text with a stop finish', () => {
    const parts = mapAnthropicResponse(
      response([{ type: 'tool_use', id: 'toolu_1', name: 'json', input: { name: 'Ada' } }], 'tool_use'),
      { ...options, jsonTool: { name: 'json', unwrap: false } },
    );
    expect(parts.content).toBe('{"name":"Ada"}');
    expect(parts.toolCalls).toEqual([]);
    expect(parts.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
  });

  it('unwraps a wrapped schema answer', () => {
    const parts = mapAnthropicResponse(
      response([{ type: 'tool_use', id: 'toolu_1', name: 'json', input: { value: ['a', 'b'] } }], 'tool_use'),
      { ...options, jsonTool: { name: 'json', unwrap: true } },
    );
    expect(parts.content).toBe('["a","b"]');
  });

  it('keeps tool_calls when a caller tool was called beside the json tool', () => {
    const parts = mapAnthropicResponse(
      response([{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }], 'tool_use'),
      { ...options, jsonTool: { name: 'json', unwrap: false } },
    );
    expect(parts.toolCalls).toHaveLength(1);
    expect(parts.content).toBeNull();
    expect(parts.finishReason.unified).toBe('tool_calls');
  });
});

describe('answerFinishReason', () => {
  it('only rewrites tool_use to stop for a json answer without caller tool calls', () => {
    expect(answerFinishReason({ stopReason: 'tool_use', jsonAnswered: true, toolCallCount: 0 })).toEqual({
      unified: 'stop',
      raw: 'tool_use',
    });
    expect(
      answerFinishReason({ stopReason: 'tool_use', jsonAnswered: false, toolCallCount: 0 }).unified,
    ).toBe('tool_calls');
    expect(
      answerFinishReason({ stopReason: 'max_tokens', jsonAnswered: true, toolCallCount: 0 }).unified,
    ).toBe('length');
  });
});

describe('jsonToolAnswer', () => {
  it('serialises the input, unwrapping value only when asked', () => {
    expect(jsonToolAnswer({ value: 1 }, { name: 'json', unwrap: false })).toBe('{"value":1}');
    expect(jsonToolAnswer({ value: 1 }, { name: 'json', unwrap: true })).toBe('1');
    expect(jsonToolAnswer(undefined, { name: 'json', unwrap: false })).toBe('{}');
  });
});
