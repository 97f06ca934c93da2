import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalServer, sendJson, startLocalServer } from '../../../test/helpers/local-server.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { openai } from './openai-provider.js';

const apiKey = 'sk-test-0123456789abcdef';
let server: LocalServer;
let answer: unknown;

beforeAll(async () => {
  server = await startLocalServer((_received, response) => sendJson(response, 200, answer));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  vi.unstubAllEnvs();
});

const textAnswer = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Paris.', refusal: null }, finish_reason: 'stop' },
  ],
  usage: {
    prompt_tokens: 20,
    completion_tokens: 2,
    total_tokens: 22,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};

function provider(extra: Partial<Parameters<typeof openai>[0]> = {}) {
  return openai({ apiKey, baseURL: `${server.url}/v1/`, ...extra });
}

describe('openai provider requests', () => {
  it('posts a text request with a system prompt to /chat/completions and maps the answer', async () => {
    answer = textAnswer;
    const response = await provider().complete({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        { role: 'user', content: 'Capital of France?' },
      ],
      maxTokens: 10,
      temperature: 0,
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json).toMatchInlineSnapshot(`
      {
        "max_completion_tokens": 10,
        "messages": [
          {
            "content": "Answer in one word.",
            "role": "system",
          },
          {
            "content": "Capital of France?",
            "role": "user",
          },
        ],
        "model": "gpt-4o-mini",
        "temperature": 0,
      }
    `);
    expect(response).toEqual({
      id: 'chatcmpl-1',
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Paris.' },
          finishReason: { unified: 'stop', raw: 'stop' },
        },
      ],
      text: 'Paris.',
      toolCalls: [],
      reasoningText: undefined,
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 20, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0, totalTokens: 22 },
      trail: [],
    });
  });

  it('sends organization, project, factory headers and per-call headers', async () => {
    answer = textAnswer;
    await provider({ organization: 'org-1', project: 'proj-1', headers: { 'x-team': 'search' } }).complete(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] },
      { headers: { 'x-request-id': 'r-1', 'x-team': 'ads' } },
    );
    const headers = server.requests[0]?.headers;
    expect(headers).toMatchObject({
      'openai-organization': 'org-1',
      'openai-project': 'proj-1',
      'x-team': 'ads',
      'x-request-id': 'r-1',
      authorization: `Bearer ${apiKey}`,
    });
  });

  it('sends images by URL and as base64 data URLs', async () => {
    answer = textAnswer;
    await provider().complete({
      model: 'gpt-4o',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' }, detail: 'high' },
            {
              type: 'image',
              source: { type: 'base64', data: 'R0lGODlhAQABAAAAACw=', mediaType: 'image/gif' },
            },
          ],
        },
      ],
    });
    expect(server.requests[0]?.json).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": [
              {
                "text": "What is in these?",
                "type": "text",
              },
              {
                "image_url": {
                  "detail": "high",
                  "url": "https://example.com/cat.jpg",
                },
                "type": "image_url",
              },
              {
                "image_url": {
                  "url": "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
                },
                "type": "image_url",
              },
            ],
            "role": "user",
          },
        ],
        "model": "gpt-4o",
      }
    `);
  });

  it('sends tools and a tool-result turn, and reads the tool calls back', async () => {
    answer = {
      id: 'chatcmpl-2',
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
    };
    const response = await provider().complete({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Weather in Paris, then Rome?' },
        {
          role: 'assistant',
          content: null,
          toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'call_1', content: '{"celsius":21}' },
      ],
      tools: [
        {
          name: 'weather',
          description: 'Current weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          strict: true,
        },
      ],
      toolChoice: 'required',
      parallelToolCalls: false,
    });
    expect(server.requests[0]?.json).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Weather in Paris, then Rome?",
            "role": "user",
          },
          {
            "content": null,
            "role": "assistant",
            "tool_calls": [
              {
                "function": {
                  "arguments": "{"city":"Paris"}",
                  "name": "weather",
                },
                "id": "call_1",
                "type": "function",
              },
            ],
          },
          {
            "content": "{"celsius":21}",
            "role": "tool",
            "tool_call_id": "call_1",
          },
        ],
        "model": "gpt-4o",
        "parallel_tool_calls": false,
        "tool_choice": "required",
        "tools": [
          {
            "function": {
              "description": "Current weather",
              "name": "weather",
              "parameters": {
                "properties": {
                  "city": {
                    "type": "string",
                  },
                },
                "required": [
                  "city",
                ],
                "type": "object",
              },
              "strict": true,
            },
            "type": "function",
          },
        ],
      }
    `);
    expect(response.toolCalls).toEqual([{ id: 'call_2', name: 'weather', arguments: '{"city":"Rome"}' }]);
    expect(response.choices[0].message.content).toBeNull();
    expect(response.text).toBe('');
    expect(response.finishReason).toEqual({ unified: 'tool_calls', raw: 'tool_calls' });
  });

  it('sends a JSON schema response format and pass-through options', async () => {
    answer = {
      ...textAnswer,
      choices: [{ index: 0, message: { content: '{"city":"Paris"}' }, finish_reason: 'stop' }],
    };
    const response = await provider().complete({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'City?' }],
      responseFormat: {
        type: 'json_schema',
        schema: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
        strict: true,
      },
      providerOptions: { openai: { service_tier: 'flex' }, anthropic: { top_k: 3 } },
    });
    expect(server.requests[0]?.json).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "City?",
            "role": "user",
          },
        ],
        "model": "gpt-4o",
        "response_format": {
          "json_schema": {
            "name": "response",
            "schema": {
              "additionalProperties": false,
              "properties": {
                "city": {
                  "type": "string",
                },
              },
              "required": [
                "city",
              ],
              "type": "object",
            },
            "strict": true,
          },
          "type": "json_schema",
        },
        "service_tier": "flex",
      }
    `);
    expect(response.text).toBe('{"city":"Paris"}');
  });

  it('declares its models and capabilities', () => {
    expect(provider().models[0]).toBe('gpt-4o-mini');
    expect(provider({ models: ['gpt-4.1'], name: 'primary' })).toMatchObject({
      name: 'primary',
      models: ['gpt-4.1'],
    });
    expect(provider().capabilities).toEqual({
      tools: true,
      jsonSchemaOutput: true,
      jsonOutput: true,
      imageInput: true,
      documentInput: true,
      streaming: true,
      reasoning: true,
    });
  });
});

describe('openai.fromEnv', () => {
  it('reads OPENAI_API_KEY', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env-0000000000');
    answer = textAnswer;
    await openai
      .fromEnv({ baseURL: server.url })
      .complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-from-env-0000000000');
  });

  it('throws a ConfigurationError naming the variable when the key is missing', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() => openai.fromEnv()).toThrow(ConfigurationError);
    expect(() => openai.fromEnv()).toThrow(/OPENAI_API_KEY/);
  });

  it('refuses an empty key given in code', () => {
    expect(() => openai({ apiKey: ' ' })).toThrow(ConfigurationError);
  });
});
