import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../types/stream-part.js';
import { errorFrame, OpenAIChunkEncoder } from './openai-chunk-encoder.js';

function framesOf(parts: StreamPart[], includeUsage = false): unknown[] {
  const encoder = new OpenAIChunkEncoder({
    id: 'chatcmpl-1',
    model: 'gpt-4o-mini',
    created: 1,
    includeUsage,
  });
  const text = parts.map((part) => encoder.encode(part)).join('');
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      const data = frame.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

const usage = { inputTokens: 5, outputTokens: 2, totalTokens: 7 };
const finish = (unified: 'stop' | 'tool_calls'): StreamPart => ({
  type: 'finish',
  finishReason: { unified, raw: unified },
  usage,
  id: 'provider-id',
  model: 'gpt-4o-mini-2024-07-18',
});

describe('OpenAIChunkEncoder', () => {
  it('announces the role, sends each text and reasoning delta, then the finish, usage and [DONE]', () => {
    const frames = framesOf(
      [
        { type: 'reasoning-delta', text: 'Hmm.' },
        { type: 'reasoning-end', block: { text: 'Hmm.' } },
        { type: 'text-delta', text: 'Hel' },
        { type: 'text-delta', text: 'lo "you"' },
        finish('stop'),
      ],
      true,
    );
    const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
    const choice = (delta: object, finishReason: string | null = null) => ({
      ...head,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
    expect(frames).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ reasoning_content: 'Hmm.' }),
      choice({ content: 'Hel' }),
      choice({ content: 'lo "you"' }),
      choice({}, 'stop'),
      {
        ...head,
        model: 'gpt-4o-mini-2024-07-18',
        choices: [],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      },
      '[DONE]',
    ]);
  });

  it('names a streamed tool call once, then sends only its argument fragments', () => {
    const frames = framesOf([
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'lookup', argumentsDelta: '{"q":' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'lookup', argumentsDelta: '"x"}' },
      { type: 'tool-call', index: 0, toolCall: { id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' } },
      finish('tool_calls'),
    ]) as Array<{ choices: Array<{ delta: unknown; finish_reason: string | null }> }>;
    expect(frames.slice(1, -1).map((frame) => frame.choices[0])).toEqual([
      expect.objectContaining({
        delta: {
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":' } },
          ],
        },
      }),
      expect.objectContaining({ delta: { tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] } }),
      expect.objectContaining({ delta: {}, finish_reason: 'tool_calls' }),
    ]);
  });

  it('sends a tool call that arrived whole as one fragment, and no usage chunk unless asked', () => {
    const frames = framesOf([
      { type: 'tool-call', index: 0, toolCall: { id: 'g1', name: 'lookup', arguments: '{"q":"x"}' } },
      finish('tool_calls'),
    ]) as Array<{ choices: Array<{ delta: unknown }> } | string>;
    expect(frames).toHaveLength(4);
    expect((frames[1] as { choices: Array<{ delta: unknown }> }).choices[0]!.delta).toEqual({
      tool_calls: [
        { index: 0, id: 'g1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
      ],
    });
    expect(frames[3]).toBe('[DONE]');
  });
});

describe('errorFrame', () => {
  it('is an SSE event with OpenAI’s error object', () => {
    expect(errorFrame({ message: 'Overloaded', type: 'server_error', code: 'upstream_overloaded' })).toBe(
      'data: {"error":{"message":"Overloaded","type":"server_error","param":null,"code":"upstream_overloaded"}}\n\n',
    );
  });
});
