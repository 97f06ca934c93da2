import { describe, expect, it } from 'vitest';
import { RouterError } from '../../types/router-error.js';
import type { StreamPart } from '../../types/stream-part.js';
import { AnthropicEventEncoder } from './anthropic-event-encoder.js';
import { mapErrorToAnthropic } from './map-error-to-anthropic.js';

/** The events an encoder writes for some parts, parsed back: `[event name, data]`. */
function events(parts: StreamPart[]): Array<[string, Record<string, unknown>]> {
  const encoder = new AnthropicEventEncoder({ id: 'msg_1', model: 'claude-x' });
  return parts
    .map((part) => encoder.encode(part))
    .join('')
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [event, data] = frame.split('\n');
      return [event!.slice('event: '.length), JSON.parse(data!.slice('data: '.length))];
    });
}

const finish: StreamPart = {
  type: 'finish',
  finishReason: { unified: 'tool_calls', raw: 'tool_calls' },
  usage: { inputTokens: 50, cachedInputTokens: 20, outputTokens: 7, totalTokens: 57 },
};

describe('AnthropicEventEncoder', () => {
  it('writes Anthropic’s exact sequence, one block per kind of content, indices from 0', () => {
    const written = events([
      { type: 'reasoning-delta', text: 'Hmm' },
      { type: 'reasoning-end', block: { text: 'Hmm', signature: 'sig' } },
      { type: 'text-delta', text: 'Hi' },
      { type: 'text-delta', text: ' there' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'f', argumentsDelta: '{"a":' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'f', argumentsDelta: '1}' },
      { type: 'tool-call', index: 0, toolCall: { id: 'call_1', name: 'f', arguments: '{"a":1}' } },
      { type: 'tool-call', index: 1, toolCall: { id: 'call_2', name: 'g', arguments: '{}' } },
      finish,
    ]);
    expect(written.map(([event, data]) => `${event}${'index' in data ? `:${data.index}` : ''}`)).toEqual([
      'message_start',
      'ping',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'content_block_start:2',
      'content_block_delta:2',
      'content_block_delta:2',
      'content_block_stop:2',
      'content_block_start:3',
      'content_block_delta:3',
      'content_block_stop:3',
      'message_delta',
      'message_stop',
    ]);
    expect(written[1]![1]).toEqual({ type: 'ping' });
    expect(written[4]![1]).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'signature_delta', signature: 'sig' },
    });
    expect(written[10]![1]).toEqual({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'call_1', name: 'f', input: {} },
    });
    expect(written[11]![1]).toMatchObject({ delta: { type: 'input_json_delta', partial_json: '{"a":' } });
    expect(written[17]![1]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 30,
        output_tokens: 7,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 20,
      },
    });
  });

  it('ends a failed stream with an error event in Anthropic’s error shape', () => {
    const encoder = new AnthropicEventEncoder({ id: 'msg_1', model: 'claude-x' });
    encoder.encode({ type: 'text-delta', text: 'Hi' });
    const frame = encoder.fail(
      mapErrorToAnthropic(new RouterError({ message: 'Overloaded', kind: 'overloaded' })),
    );
    expect(frame).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
  });
});
