import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/gateway-error.js';
import { convertToCompletionRequest } from './convert-to-completion-request.js';

function rejection(body: unknown): { param: string | null; code: string | null; message: string } {
  try {
    convertToCompletionRequest(body);
  } catch (error) {
    if (error instanceof GatewayError)
      return { param: error.param, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('convertToCompletionRequest', () => {
  it('reads every supported field of an OpenAI request into the router’s request', () => {
    const call = convertToCompletionRequest({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object' },
            strict: true,
          },
        },
        { type: 'function', function: { name: 'noop' } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      presence_penalty: 0.1,
      frequency_penalty: -0.1,
      seed: 7,
      stop: 'END',
      user: 'user-1',
      reasoning_effort: 'low',
      stream: true,
      stream_options: { include_usage: true },
      metadata: { ignored: 'yes' },
    });
    expect(call).toMatchInlineSnapshot(`
      {
        "includeUsage": true,
        "request": {
          "frequencyPenalty": -0.1,
          "maxTokens": 200,
          "messages": [
            {
              "content": "Be brief.",
              "role": "system",
            },
            {
              "content": "Weather?",
              "role": "user",
            },
          ],
          "model": "gpt-4o-mini",
          "parallelToolCalls": false,
          "presencePenalty": 0.1,
          "reasoning": {
            "effort": "low",
          },
          "responseFormat": {
            "type": "json",
          },
          "seed": 7,
          "stop": [
            "END",
          ],
          "temperature": 0.5,
          "toolChoice": {
            "name": "get_weather",
            "type": "tool",
          },
          "tools": [
            {
              "description": "Weather",
              "name": "get_weather",
              "parameters": {
                "type": "object",
              },
              "strict": true,
            },
            {
              "name": "noop",
              "parameters": {
                "properties": {},
                "type": "object",
              },
            },
          ],
          "topK": 40,
          "topP": 0.9,
          "user": "user-1",
        },
        "stream": true,
        "warnings": [],
      }
    `);
  });

  it('builds nothing it was not given', () => {
    expect(convertToCompletionRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] })).toEqual({
      request: { model: 'm', messages: [{ role: 'user', content: 'Hi' }] },
      stream: false,
      includeUsage: false,
      warnings: [],
    });
  });

  it('reads a JSON schema response format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      convertToCompletionRequest({
        model: 'm',
        messages: [{ role: 'user', content: 'Hi' }],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'answer', description: 'An answer', schema, strict: true },
        },
      }).request.responseFormat,
    ).toEqual({ type: 'json_schema', name: 'answer', description: 'An answer', schema, strict: true });
  });

  it('accepts tool_choice none without tools, and refuses the others without them', () => {
    expect(
      convertToCompletionRequest({
        model: 'm',
        messages: [{ role: 'user', content: 'Hi' }],
        tool_choice: 'none',
      }).request.toolChoice,
    ).toBe('none');
    expect(
      rejection({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], tool_choice: 'required' }),
    ).toEqual({
      param: 'tool_choice',
      code: 'invalid_value',
      message: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
    });
  });

  it.each([
    [
      { functions: [] },
      'functions',
      "'functions' is deprecated and not supported; use 'tools' and 'tool_choice'.",
    ],
    [{ logprobs: true }, 'logprobs', 'Log probabilities are not supported by this gateway.'],
    [{ modalities: ['text', 'audio'] }, 'modalities', 'Audio output is not supported by this gateway.'],
    [
      { reasoning_effort: 'extreme' },
      'reasoning_effort',
      "Invalid value for 'reasoning_effort': supported values are 'minimal', 'low', 'medium' and 'high'.",
    ],
    [{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', "Invalid 'stop': at most 4 stop sequences are allowed."],
    [{ seed: 1.5 }, 'seed', "Invalid type for 'seed': expected an integer, but got a number."],
    [{ top_p: 1.5 }, 'top_p', "Invalid 'top_p': 1.5 is out of range; expected a number from 0 to 1."],
    [
      { response_format: { type: 'json_schema', json_schema: { name: 'x' } } },
      'response_format.json_schema.schema',
      "Missing required parameter: 'response_format.json_schema.schema'.",
    ],
    [
      { tools: [{ type: 'retrieval' }] },
      'tools[0].type',
      "Invalid value for 'tools[0].type': only 'function' tools are supported.",
    ],
  ])('refuses %j', (extra, param, message) => {
    expect(rejection({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...extra })).toMatchObject({
      param,
      message,
    });
  });
});
