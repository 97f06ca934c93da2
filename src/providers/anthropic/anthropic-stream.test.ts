import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../errors/api-call-error.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import type { CallTarget } from '../../http/post-json.js';
import type { SseEvent } from '../../http/sse.js';
import type { StreamPart } from '../../types/stream-part.js';
import { readAnthropicErrorBody } from './anthropic-errors.js';
import { AnthropicStreamDecoder } from './anthropic-stream.js';
import type { JsonToolPlan } from './convert-to-anthropic-request.js';

const target: CallTarget = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  secret: 'sk-ant-secret-key-123456',
  readBody: readAnthropicErrorBody,
};

function decode(
  events: unknown[],
  jsonTool?: JsonToolPlan,
): { parts: StreamPart[]; decoder: AnthropicStreamDecoder } {
  const decoder = new AnthropicStreamDecoder({ target, jsonTool });
  const parts: StreamPart[] = [];
  for (const event of events) decoder.push(sse(event), parts);
  if (decoder.done) decoder.end(parts);
  return { parts, decoder };
}

/** A payload as the skeleton hands it over: one server-sent event. */
function sse(payload: unknown): SseEvent {
  return { event: undefined, data: JSON.stringify(payload) };
}

const start = (id = 'msg_1', usage: object = { input_tokens: 10, output_tokens: 1 }) => ({
  type: 'message_start',
  message: { id, model: 'claude-sonnet-4-5-20250929', usage },
});
const blockStart = (index: number, block: object) => ({
  type: 'content_block_start',
  index,
  content_block: block,
});
const delta = (index: number, value: object) => ({ type: 'content_block_delta', index, delta: value });
const stop = (index: number) => ({ type: 'content_block_stop', index });
const messageDelta = (stopReason: string, usage: object = { output_tokens: 20 }) => ({
  type: 'message_delta',
  delta: { stop_reason: stopReason, stop_sequence: null },
  usage,
});
const messageStop = { type: 'message_stop' };

describe('AnthropicStreamDecoder', () => {
  it('streams text and ends with one finish part carrying id, model, usage and reason', () => {
    const { parts, decoder } = decode([
      start(),
      blockStart(0, { type: 'text', text: '' }),
      { type: 'ping' },
      delta(0, { type: 'text_delta', text: 'Hel' }),
      delta(0, { type: 'text_delta', text: 'lo' }),
      stop(0),
      messageDelta('end_turn'),
      messageStop,
    ]);
    expect(decoder.done).toBe(true);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30 },
        id: 'msg_1',
        model: 'claude-sonnet-4-5-20250929',
      },
    ]);
  });

  it('streams thinking and ends the block with its text and joined signature', () => {
    const { parts } = decode([
      start(),
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      delta(0, { type: 'thinking_delta', thinking: 'Two ' }),
      delta(0, { type: 'thinking_delta', thinking: 'steps.' }),
      delta(0, { type: 'signature_delta', signature: 'sig-a' }),
      delta(0, { type: 'signature_delta', signature: 'sig-b' }),
      stop(0),
      blockStart(1, { type: 'redacted_thinking', data: 'opaque' }),
      stop(1),
    ]);
    expect(parts).toEqual([
      { type: 'reasoning-delta', text: 'Two ' },
      { type: 'reasoning-delta', text: 'steps.' },
      {
        type: 'reasoning-end',
        block: { text: 'Two steps.', signature: 'sig-asig-b', provider: 'anthropic' },
      },
      { type: 'reasoning-end', block: { text: '', redactedData: 'opaque', provider: 'anthropic' } },
    ]);
  });

  it('streams tool arguments, skips empty fragments, and numbers tool calls from 0', () => {
    const { parts } = decode([
      start(),
      blockStart(0, { type: 'text', text: '' }),
      delta(0, { type: 'text_delta', text: 'Sure.' }),
      stop(0),
      blockStart(1, { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: {} }),
      delta(1, { type: 'input_json_delta', partial_json: '' }),
      delta(1, { type: 'input_json_delta', partial_json: '{"city":' }),
      delta(1, { type: 'input_json_delta', partial_json: '"Paris"}' }),
      stop(1),
      blockStart(2, { type: 'tool_use', id: 'toolu_b', name: 'now', input: {} }),
      delta(2, { type: 'input_json_delta', partial_json: '' }),
      stop(2),
      messageDelta('tool_use'),
      messageStop,
    ]);
    expect(parts.slice(0, -1)).toEqual([
      { type: 'text-delta', text: 'Sure.' },
      { type: 'tool-call-delta', index: 0, id: 'toolu_a', name: 'get_weather', argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, id: 'toolu_a', name: 'get_weather', argumentsDelta: '"Paris"}' },
      {
        type: 'tool-call',
        index: 0,
        toolCall: { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      { type: 'tool-call', index: 1, toolCall: { id: 'toolu_b', name: 'now', arguments: '{}' } },
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool_calls', raw: 'tool_use' },
    });
  });

  it('uses input announced at block start when no fragments follow', () => {
    const { parts } = decode([
      start(),
      blockStart(0, { type: 'tool_use', id: 'toolu_a', name: 'f', input: { a: 1 } }),
      stop(0),
    ]);
    expect(parts).toEqual([
      { type: 'tool-call', index: 0, toolCall: { id: 'toolu_a', name: 'f', arguments: '{"a":1}' } },
    ]);
  });

  it('never reports a tool call whose block was still open at message_stop', () => {
    const { parts } = decode([
      start(),
      blockStart(0, { type: 'tool_use', id: 'toolu_a', name: 'make_file', input: {} }),
      delta(0, { type: 'input_json_delta', partial_json: '{"filename": "taxes' }),
      messageDelta('max_tokens', { output_tokens: 124 }),
      messageStop,
    ]);
    expect(parts.map((part) => part.type)).toEqual(['tool-call-delta', 'finish']);
    expect(parts[1]).toMatchObject({ finishReason: { unified: 'length', raw: 'max_tokens' } });
  });

  it('merges usage: message_delta overrides the input side it reports, cache fields added in', () => {
    const { parts } = decode([
      start('msg_1', {
        input_tokens: 43,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 0,
        output_tokens: 1,
      }),
      messageDelta('end_turn', { input_tokens: 61, output_tokens: 2 }),
      messageStop,
    ]);
    expect(parts[0]).toMatchObject({
      usage: {
        inputTokens: 161,
        cachedInputTokens: 100,
        cacheWriteTokens: 0,
        outputTokens: 2,
        totalTokens: 163,
      },
    });
  });

  it('ignores a duplicated message_start for the same message', () => {
    const { parts } = decode([
      start('msg_dup'),
      start('msg_dup'),
      blockStart(0, { type: 'text', text: '' }),
      delta(0, { type: 'text_delta', text: 'Once' }),
      stop(0),
      messageDelta('end_turn'),
      messageStop,
    ]);
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'finish']);
  });

  it('fails when a different message starts while the first is open', () => {
    const decoder = new AnthropicStreamDecoder({ target, jsonTool: undefined });
    const parts: StreamPart[] = [];
    decoder.push(sse(start('msg_first')), parts);
    decoder.push(sse(blockStart(0, { type: 'tool_use', id: 'toolu_first', name: 'f', input: {} })), parts);
    let thrown: unknown;
    try {
      decoder.push(sse(start('msg_second')), parts);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IncompleteStreamError);
    expect((thrown as IncompleteStreamError).kind).toBe('network');
    expect((thrown as Error).message).toBe(
      'Stream ended without a finish (message msg_first was cut off by the start of message msg_second)',
    );
    expect(parts).toEqual([]);
  });

  it('throws an in-band error event with its kind, without the key', () => {
    const decoder = new AnthropicStreamDecoder({ target, jsonTool: undefined });
    let thrown: unknown;
    try {
      decoder.push(
        sse({
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded for sk-ant-secret-key-123456' },
        }),
        [],
      );
    } catch (error) {
      thrown = error;
    }
    expect(ApiCallError.isInstance(thrown)).toBe(true);
    const error = thrown as ApiCallError;
    expect(error.kind).toBe('overloaded');
    expect(error.code).toBe('overloaded_error');
    expect(error.provider).toBe('anthropic');
    expect(JSON.stringify({ message: error.message, body: error.responseBody })).not.toContain('secret-key');
  });

  it('streams the json tool input as answer text with a stop finish', () => {
    const { parts } = decode(
      [
        start(),
        blockStart(0, { type: 'tool_use', id: 'toolu_j', name: 'json', input: {} }),
        delta(0, { type: 'input_json_delta', partial_json: '' }),
        delta(0, { type: 'input_json_delta', partial_json: '{"a":' }),
        delta(0, { type: 'input_json_delta', partial_json: '1}' }),
        stop(0),
        messageDelta('tool_use'),
        messageStop,
      ],
      { name: 'json', unwrap: false },
    );
    expect(parts.slice(0, -1)).toEqual([
      { type: 'text-delta', text: '{"a":' },
      { type: 'text-delta', text: '1}' },
    ]);
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'stop', raw: 'tool_use' } });
  });

  it('unwraps a wrapped json answer at the block end, and answers {} for an empty one', () => {
    const wrapped = decode(
      [
        start(),
        blockStart(0, { type: 'tool_use', id: 'toolu_j', name: 'json', input: {} }),
        delta(0, { type: 'input_json_delta', partial_json: '{"value": [1, ' }),
        delta(0, { type: 'input_json_delta', partial_json: '2]}' }),
        stop(0),
      ],
      { name: 'json', unwrap: true },
    );
    expect(wrapped.parts).toEqual([{ type: 'text-delta', text: '[1,2]' }]);
    const empty = decode(
      [start(), blockStart(0, { type: 'tool_use', id: 'toolu_j', name: 'json', input: {} }), stop(0)],
      { name: 'json', unwrap: false },
    );
    expect(empty.parts).toEqual([{ type: 'text-delta', text: '{}' }]);
  });

  it('holds text back in JSON mode: dropped when the json tool answers, released when it never does', () => {
    const answered = decode(
      [
        start(),
        blockStart(0, { type: 'text', text: '' }),
        delta(0, { type: 'text_delta', text: 'Here you go:' }),
        stop(0),
        blockStart(1, { type: 'tool_use', id: 'toolu_j', name: 'json', input: {} }),
        delta(1, { type: 'input_json_delta', partial_json: '{}' }),
        stop(1),
        messageDelta('tool_use'),
        messageStop,
      ],
      { name: 'json', unwrap: false },
    );
    expect(answered.parts.map((part) => (part.type === 'text-delta' ? part.text : part.type))).toEqual([
      '{}',
      'finish',
    ]);
    const unanswered = decode(
      [
        start(),
        blockStart(0, { type: 'text', text: '' }),
        delta(0, { type: 'text_delta', text: '{"a"' }),
        delta(0, { type: 'text_delta', text: ':1}' }),
        stop(0),
        messageDelta('end_turn'),
        messageStop,
      ],
      { name: 'json', unwrap: false },
    );
    expect(unanswered.parts.map((part) => (part.type === 'text-delta' ? part.text : part.type))).toEqual([
      '{"a":1}',
      'finish',
    ]);
  });

  it('reports unknown stop reasons and missing usage honestly', () => {
    const { parts } = decode([{ type: 'message_start', message: { id: 'm', model: 'x' } }, messageStop]);
    expect(parts).toEqual([
      {
        type: 'finish',
        finishReason: { unified: 'other', raw: undefined },
        usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
        id: 'm',
        model: 'x',
      },
    ]);
  });

  it('reports the model a fallback block says served the request', () => {
    const { parts } = decode([
      start(),
      blockStart(0, { type: 'fallback', from: { model: 'claude-a' }, to: { model: 'claude-b' } }),
      stop(0),
      messageStop,
    ]);
    expect(parts).toEqual([expect.objectContaining({ type: 'finish', model: 'claude-b' })]);
  });

  it('ignores unknown events, unknown block types and deltas for unknown blocks', () => {
    const { parts } = decode([
      start(),
      { type: 'something_new', value: 1 },
      blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search' }),
      delta(0, { type: 'text_delta', text: 'ignored' }),
      delta(7, { type: 'text_delta', text: 'ignored' }),
      stop(0),
      stop(9),
      null,
    ]);
    expect(parts).toEqual([]);
  });
});
