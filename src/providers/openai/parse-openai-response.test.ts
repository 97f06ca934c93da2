import { describe, expect, it } from 'vitest';
import { RouterError } from '../../types/router-error.js';
import type { OpenAIChatResponse } from './api-types.js';
import { parseOpenAIResponse } from './parse-openai-response.js';

function parse(body: OpenAIChatResponse) {
  return parseOpenAIResponse({ body, provider: 'openai', model: 'asked-model' });
}

describe('parseOpenAIResponse', () => {
  it('reads text, finish reason, usage, id and model', () => {
    expect(
      parse({
        id: 'chatcmpl-1',
        model: 'gpt-4o-2024-08-06',
        choices: [{ message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      }),
    ).toStrictEqual({
      id: 'chatcmpl-1',
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      content: 'Hello',
      toolCalls: [],
      reasoning: [],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 },
    });
  });

  it('reads tool calls, numbering any without an id and serialising object arguments', () => {
    const parts = parse({
      choices: [
        {
          message: {
            content: null,
            tool_calls: [
              {
                id: 'call_a',
                type: 'function',
                function: { name: 'weather', arguments: '{"city":"Paris"}' },
              },
              { function: { name: 'time', arguments: { zone: 'UTC' } } },
              { id: 'call_c', function: { name: 'noop', arguments: '' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(parts.toolCalls).toEqual([
      { id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
      { id: 'call_1', name: 'time', arguments: '{"zone":"UTC"}' },
      { id: 'call_c', name: 'noop', arguments: '{}' },
    ]);
    expect(parts.content).toBeNull();
    expect(parts.finishReason).toEqual({ unified: 'tool_calls', raw: 'tool_calls' });
    expect(parts.model).toBe('asked-model');
    expect(parts.usage).toEqual({ inputTokens: undefined, outputTokens: undefined, totalTokens: undefined });
  });

  it('reads reasoning from reasoning_content or reasoning', () => {
    expect(parse({ choices: [{ message: { content: 'A', reasoning_content: 'think' } }] }).reasoning).toEqual(
      [{ text: 'think' }],
    );
    expect(parse({ choices: [{ message: { content: 'A', reasoning: 'ponder' } }] }).reasoning).toEqual([
      { text: 'ponder' },
    ]);
    expect(parse({ choices: [{ message: { content: 'A', reasoning_content: '' } }] }).reasoning).toEqual([]);
  });

  it('splits Mistral content parts into text and reasoning', () => {
    const parts = parse({
      choices: [
        {
          message: {
            content: [
              { type: 'thinking', thinking: [{ type: 'text', text: '2+2=4.' }] },
              { type: 'text', text: '2 + 2 = 4' },
            ],
          },
          finish_reason: 'stop',
        },
      ],
    });
    expect(parts.content).toBe('2 + 2 = 4');
    expect(parts.reasoning).toEqual([{ text: '2+2=4.' }]);
  });

  it('keeps a refusal as the answer and reports it as content_filter', () => {
    const parts = parse({
      choices: [{ message: { content: null, refusal: "I can't help with that." }, finish_reason: 'stop' }],
    });
    expect(parts.content).toBe("I can't help with that.");
    expect(parts.finishReason).toEqual({ unified: 'content_filter', raw: 'stop' });
  });

  it('treats a body without choices as a server fault', () => {
    expect(() => parse({ id: 'x', choices: [] })).toThrow(RouterError);
    try {
      parse({ id: 'x' });
    } catch (error) {
      expect(error).toMatchObject({ kind: 'server', provider: 'openai', model: 'asked-model' });
    }
  });
});
