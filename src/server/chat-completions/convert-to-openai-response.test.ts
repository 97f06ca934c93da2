import { describe, expect, it } from 'vitest';
import { createResponse } from '../../types/create-response.js';
import { convertToOpenAIResponse } from './convert-to-openai-response.js';

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
    expect(
      convertToOpenAIResponse(response, { fallbackId: 'chatcmpl-x', created: 1_700_000_000 }),
    ).toMatchInlineSnapshot(`
      {
        "choices": [
          {
            "finish_reason": "tool_calls",
            "index": 0,
            "logprobs": null,
            "message": {
              "content": null,
              "reasoning_content": "Need to look it up.",
              "refusal": null,
              "role": "assistant",
              "tool_calls": [
                {
                  "function": {
                    "arguments": "{"q":"x"}",
                    "name": "lookup",
                  },
                  "id": "toolu_1",
                  "type": "function",
                },
              ],
            },
          },
        ],
        "created": 1700000000,
        "id": "msg_01",
        "model": "claude-haiku-4-5",
        "object": "chat.completion",
        "usage": {
          "completion_tokens": 12,
          "completion_tokens_details": {
            "reasoning_tokens": 4,
          },
          "prompt_tokens": 30,
          "prompt_tokens_details": {
            "cached_tokens": 10,
          },
          "total_tokens": 42,
        },
      }
    `);
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
