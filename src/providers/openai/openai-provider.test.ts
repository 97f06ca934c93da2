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
    // Chat Completions body: the system prompt stays a role 'system' message at the head of `messages`,
    // plain text content is a string, and the output cap is max_completion_tokens (max_tokens is deprecated).
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const body = request?.json as Record<string, any>;
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.messages).toEqual([
      { role: 'system', content: 'Answer in one word.' },
      { role: 'user', content: 'Capital of France?' },
    ]);
    expect(body.max_completion_tokens).toBe(10);
    expect(body.temperature).toBe(0);
    expect(Object.keys(body).sort()).toEqual(['max_completion_tokens', 'messages', 'model', 'temperature']);
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
    // Multi-part user content: text parts and image_url parts, whose url is either the link or a
    // data:<media type>;base64,<data> URL, with the optional detail beside it.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const body = server.requests[0]?.json as Record<string, any>;
    expect(body.model).toBe('gpt-4o');
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' } },
        ],
      },
    ]);
    expect(Object.keys(body).sort()).toEqual(['messages', 'model']);
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
    // An assistant turn's calls are tool_calls of type function with arguments as a JSON string; the result
    // is a role 'tool' message keyed by tool_call_id. Tools are { type: 'function', function: { name,
    // description, parameters, strict } }; tool_choice 'required' and parallel_tool_calls are top-level.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const body = server.requests[0]?.json as Record<string, any>;
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris, then Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":21}' },
    ]);
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'Current weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          strict: true,
        },
      },
    ]);
    expect(body.tool_choice).toBe('required');
    expect(body.parallel_tool_calls).toBe(false);
    expect(Object.keys(body).sort()).toEqual([
      'messages',
      'model',
      'parallel_tool_calls',
      'tool_choice',
      'tools',
    ]);
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
    // Structured output: response_format { type: 'json_schema', json_schema: { name, schema, strict } }.
    // Only the openai provider options pass through (service_tier); another provider's (top_k) are dropped.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const body = server.requests[0]?.json as Record<string, any>;
    expect(body.messages).toEqual([{ role: 'user', content: 'City?' }]);
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'response',
        schema: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
        strict: true,
      },
    });
    expect(body.service_tier).toBe('flex');
    expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'response_format', 'service_tier']);
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
