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
    // Each field as Chat Completions documents it, read into the router's request:
    // the 'developer' role is the newer name for 'system'.
    expect(call.request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
    ]);
    expect(call.request.model).toBe('gpt-4o-mini');
    // { type: 'function', function: { name, description, parameters, strict } }; a function without
    // parameters takes no arguments, i.e. an empty object schema.
    expect(call.request.tools).toEqual([
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true },
      { name: 'noop', parameters: { type: 'object', properties: {} } },
    ]);
    // A named function choice ({ type: 'function', function: { name } }) is the router's named tool choice.
    expect(call.request.toolChoice).toEqual({ type: 'tool', name: 'get_weather' });
    expect(call.request.parallelToolCalls).toBe(false);
    expect(call.request.responseFormat).toEqual({ type: 'json' });
    // max_completion_tokens supersedes the deprecated max_tokens when both are sent.
    expect(call.request.maxTokens).toBe(200);
    expect(call.request.temperature).toBe(0.5);
    expect(call.request.topP).toBe(0.9);
    expect(call.request.topK).toBe(40);
    expect(call.request.presencePenalty).toBe(0.1);
    expect(call.request.frequencyPenalty).toBe(-0.1);
    expect(call.request.seed).toBe(7);
    // stop may be one string or an array of them; the router always holds an array.
    expect(call.request.stop).toEqual(['END']);
    expect(call.request.user).toBe('user-1');
    expect(call.request.reasoning).toEqual({ effort: 'low' });
    // stream and stream_options.include_usage are about the reply, not the request; metadata is not read.
    expect(call.stream).toBe(true);
    expect(call.includeUsage).toBe(true);
    expect(call.warnings).toEqual([]);
    expect(Object.keys(call.request).sort()).toEqual([
      'frequencyPenalty',
      'maxTokens',
      'messages',
      'model',
      'parallelToolCalls',
      'presencePenalty',
      'reasoning',
      'responseFormat',
      'seed',
      'stop',
      'temperature',
      'toolChoice',
      'tools',
      'topK',
      'topP',
      'user',
    ]);
    expect(Object.keys(call).sort()).toEqual(['includeUsage', 'request', 'stream', 'warnings']);
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
