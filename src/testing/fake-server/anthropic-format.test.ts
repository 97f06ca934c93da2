import { describe, expect, it } from 'vitest';
import { anthropicFormat } from './anthropic-format.js';
import type { FakeErrorReason, FakeReplyContent } from './fake-behaviour.js';
import { resolveReply } from './resolve-reply.js';
import type { RenderContext } from './wire-format.js';

const richReply: FakeReplyContent = {
  reasoning: 'Let me think.',
  text: 'Sunny in Paris.',
  toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }],
  usage: {
    inputTokens: 120,
    cachedInputTokens: 100,
    cacheWriteTokens: 5,
    outputTokens: 40,
    reasoningTokens: 12,
  },
  chunkSize: 5,
};

const context: RenderContext = {
  serial: 3,
  id: anthropicFormat.responseId(3),
  model: 'claude-test',
  created: 1_700_000_000,
  includeUsage: false,
};

interface Event {
  name: string;
  data: {
    type: string;
    index?: number;
    delta?: Record<string, string>;
    content_block?: Record<string, unknown>;
  };
}

function eventsOf(parts: string[]): Event[] {
  return parts.map((part) => {
    const match = /^event: ([a-z_]+)\ndata: ([^\n]*)\n\n$/.exec(part);
    expect(match, part).not.toBeNull();
    return { name: match![1]!, data: JSON.parse(match![2]!) };
  });
}

describe('anthropicFormat', () => {
  it('rejects a body without model, messages or max_tokens, as Anthropic does', () => {
    const path = { model: undefined, stream: false };
    expect(
      anthropicFormat.readRequest({ model: 'c', messages: [], max_tokens: 5, stream: true }, path),
    ).toEqual({
      model: 'c',
      stream: true,
      includeUsage: false,
    });
    expect(anthropicFormat.readRequest({ model: 'c', messages: [] }, path)).toEqual({
      invalid: 'max_tokens: Field required',
    });
    expect(anthropicFormat.readRequest({ messages: [], max_tokens: 5 }, path)).toEqual({
      invalid: 'model: Field required',
    });
  });

  it('renders a whole message with thinking, text and tool_use blocks', () => {
    const body = JSON.parse(anthropicFormat.replyBody(resolveReply(richReply), context));
    // A Messages API Message: type 'message', role 'assistant', content as typed blocks in order.
    expect(body.type).toBe('message');
    expect(body.role).toBe('assistant');
    expect(body.id).toBe('msg_fake3');
    expect(body.model).toBe('claude-test');
    expect(body.content.map((block: { type: string }) => block.type)).toEqual([
      'thinking',
      'text',
      'tool_use',
    ]);
    // A thinking block carries its text under `thinking` and a signature to send back.
    expect(body.content[0]).toEqual({
      type: 'thinking',
      thinking: 'Let me think.',
      signature: 'ZmFrZS10aGlua2luZy1zaWduYXR1cmU=',
    });
    expect(body.content[1]).toEqual({ type: 'text', text: 'Sunny in Paris.' });
    // tool_use input is the parsed arguments object, not a string.
    expect(body.content[2]).toEqual({
      type: 'tool_use',
      id: 'toolu_fake3_0',
      name: 'weather',
      input: { city: 'Paris' },
    });
    expect(body.stop_reason).toBe('tool_use');
    expect(body.stop_sequence).toBeNull();
    // input_tokens counts only the uncached input: 120 in all, less 100 read from and 5 written to the cache.
    expect(body.usage).toEqual({
      input_tokens: 15,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 5,
      output_tokens: 40,
    });
    expect(Object.keys(body).sort()).toEqual([
      'content',
      'id',
      'model',
      'role',
      'stop_reason',
      'stop_sequence',
      'type',
      'usage',
    ]);
  });

  it('streams events whose names match their payload type, in Anthropic order', () => {
    const events = eventsOf(anthropicFormat.streamParts(resolveReply(richReply), context));
    for (const event of events) expect(event.name).toBe(event.data.type);
    expect(events.map((event) => event.name).filter((name) => name !== 'content_block_delta')).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_stop',
      'content_block_start',
      'content_block_stop',
      'content_block_start',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]!.data).toMatchObject({
      message: {
        id: 'msg_fake3',
        model: 'claude-test',
        content: [],
        stop_reason: null,
        usage: {
          input_tokens: 15,
          cache_read_input_tokens: 100,
          cache_creation_input_tokens: 5,
          output_tokens: 1,
        },
      },
    });
    expect(events.at(-2)!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 40 },
    });
  });

  it('opens, fills and closes each block in turn, so the deltas reassemble', () => {
    const events = eventsOf(anthropicFormat.streamParts(resolveReply(richReply), context));
    const open = new Set<number>();
    const content = new Map<number, string>();
    const fragments: string[] = [];
    for (const { data } of events) {
      if (data.type === 'content_block_start') open.add(data.index!);
      if (data.type === 'content_block_stop') open.delete(data.index!);
      if (data.type !== 'content_block_delta') continue;
      expect(open.has(data.index!)).toBe(true);
      const delta = data.delta!;
      const piece = delta.thinking ?? delta.text ?? delta.partial_json ?? '';
      if (delta.type === 'input_json_delta') fragments.push(delta.partial_json!);
      content.set(data.index!, (content.get(data.index!) ?? '') + piece);
    }
    expect(open.size).toBe(0);
    expect([...content.entries()]).toEqual([
      [0, 'Let me think.'],
      [1, 'Sunny in Paris.'],
      [2, '{"city":"Paris"}'],
    ]);
    expect(fragments[0]).toBe('');
    const signature = events.find((event) => event.data.delta?.type === 'signature_delta');
    expect(signature?.data.index).toBe(0);
  });

  it('maps finish reasons to stop reasons, raw values winning', () => {
    const stopOf = (reply: FakeReplyContent) =>
      JSON.parse(anthropicFormat.replyBody(resolveReply(reply), context)).stop_reason;
    expect(stopOf({ text: 'a' })).toBe('end_turn');
    expect(stopOf({ text: 'a', finishReason: 'length' })).toBe('max_tokens');
    expect(stopOf({ text: 'a', finishReason: 'content_filter' })).toBe('refusal');
    expect(stopOf({ text: 'a', rawFinishReason: 'pause_turn' })).toBe('pause_turn');
  });

  it('renders the canonical error body for each reason, 529 for overloaded', () => {
    const table: [FakeErrorReason, number, string][] = [
      ['rate_limited', 429, 'rate_limit_error'],
      ['quota_exhausted', 429, 'rate_limit_error'],
      ['overloaded', 529, 'overloaded_error'],
      ['server', 500, 'api_error'],
      ['auth', 401, 'authentication_error'],
      ['permission', 403, 'permission_error'],
      ['not_found', 404, 'not_found_error'],
      ['bad_request', 400, 'invalid_request_error'],
      ['context_length', 400, 'invalid_request_error'],
    ];
    for (const [reason, status, type] of table) {
      expect(anthropicFormat.errorStatus(reason)).toBe(status);
      const body = anthropicFormat.errorBody({
        reason,
        status,
        message: undefined,
        retryDelayMs: undefined,
        model: 'c',
      });
      expect(body).toMatchObject({ type: 'error', error: { type } });
    }
    expect(
      anthropicFormat.errorBody({
        reason: 'quota_exhausted',
        status: 429,
        message: undefined,
        retryDelayMs: undefined,
        model: 'c',
      }),
    ).toMatchObject({ error: { details: { error_code: 'enforced_spend_limit_reached' } } });
  });

  it('sends the in-band error as an error event and malformed data that does not parse', () => {
    const error = {
      reason: 'overloaded' as const,
      status: 529,
      message: undefined,
      retryDelayMs: undefined,
      model: 'c',
    };
    expect(anthropicFormat.errorPart(error)).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    const malformed = anthropicFormat.malformedPart(context);
    expect(malformed).toMatch(/^event: content_block_delta\ndata: .*\n\n$/);
    expect(() => JSON.parse(malformed.split('data: ')[1]!)).toThrow(SyntaxError);
  });
});
