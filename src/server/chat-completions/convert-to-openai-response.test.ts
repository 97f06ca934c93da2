import { describe, expect, it } from 'vitest';
import { createResponse } from '../../types/create-response.js';
import { convertToOpenAIResponse, encodeOpenAIResponse } from './convert-to-openai-response.js';

describe('convertToOpenAIResponse', () => {
  it('writes a tool-calling answer with reasoning in OpenAI’s shape', () => {
    const response = createResponse({
      id: 'msg_01',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      content: '',
      toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' }],
      reasoning: [{ text: 'Need to look it up.' }],
      finishReason: { unified: 'tool_calls', raw: 'tool_use' },
      usage: {
        inputTokens: 30,
        cachedInputTokens: 10,
        outputTokens: 12,
        reasoningTokens: 4,
        totalTokens: 42,
      },
    });
    const body = convertToOpenAIResponse(response, { fallbackId: 'chatcmpl-x', created: 1_700_000_000 });
    // A chat.completion object: id, object, created (Unix seconds), model, choices, usage.
    expect(body.id).toBe('msg_01');
    expect(body.object).toBe('chat.completion');
    expect(body.created).toBe(1_700_000_000);
    expect(body.model).toBe('claude-haiku-4-5');
    expect(body.choices).toHaveLength(1);
    const [choice] = body.choices;
    expect(choice.index).toBe(0);
    // The unified finish reason is written with OpenAI's own value ('tool_calls'), not the provider's raw one.
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.logprobs).toBeNull();
    // A tool-calling message has content null and tool_calls of type function with arguments as a JSON string;
    // reasoning goes out as reasoning_content, the field OpenAI-compatible clients read it from.
    expect(choice.message).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      reasoning_content: 'Need to look it up.',
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
    });
    // Usage in OpenAI's names, cached and reasoning counts in their *_details objects.
    expect(body.usage).toEqual({
      prompt_tokens: 30,
      completion_tokens: 12,
      total_tokens: 42,
      prompt_tokens_details: { cached_tokens: 10 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    expect(Object.keys(body).sort()).toEqual(['choices', 'created', 'id', 'model', 'object', 'usage']);
  });

  it('uses the gateway’s id when the provider gave none, and leaves out unknown usage', () => {
    const response = createResponse({
      id: '',
      provider: 'local',
      model: 'llama3.2',
      content: 'Hi',
      toolCalls: [],
      reasoning: [],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
    });
    const body = convertToOpenAIResponse(response, { fallbackId: 'chatcmpl-gw', created: 1 });
    expect(body.id).toBe('chatcmpl-gw');
    expect('usage' in body).toBe(false);
    expect(body.choices[0].message).toEqual({ role: 'assistant', content: 'Hi', refusal: null });
  });
});

describe('encodeOpenAIResponse', () => {
  const options = { fallbackId: 'chatcmpl-fallback', created: 1_700_000_000 };
  const answers = {
    'plain text with quotes, newlines and non-ASCII': createResponse({
      id: 'chatcmpl-1',
      provider: 'openai',
      model: 'gpt-4o-mini',
      content: 'Say "hi"\n\u2028 — ünïcode \ud83d\ude00',
      toolCalls: [],
      reasoning: [],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    }),
    'tool calls and reasoning, no id from the provider': createResponse({
      id: '',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      content: '',
      toolCalls: [
        { id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' },
        { id: 'toolu_2', name: 'fetch', arguments: '{}' },
      ],
      reasoning: [{ text: 'Need to look it up.' }],
      finishReason: { unified: 'tool_calls', raw: 'tool_use' },
      usage: {
        inputTokens: 30,
        cachedInputTokens: 10,
        outputTokens: 12,
        reasoningTokens: 4,
        totalTokens: 42,
      },
    }),
    'no usage reported, cut off by length': createResponse({
      id: 'x',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      content: 'partial',
      toolCalls: [],
      reasoning: [],
      finishReason: { unified: 'length', raw: 'MAX_TOKENS' },
      usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
    }),
  };

  for (const [name, response] of Object.entries(answers)) {
    it(`writes the same JSON text as serialising convertToOpenAIResponse: ${name}`, () => {
      const text = encodeOpenAIResponse(response, options);
      expect(text).toBe(JSON.stringify(convertToOpenAIResponse(response, options)));
    });
  }
});
