import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalServer,
  type ReceivedRequest,
  sendJson,
  sendSse,
  startLocalServer,
} from '../../../test/helpers/local-server.js';
import { RouterError } from '../../errors/router-error.js';
import type { CompletionRequest } from '../../types/request.js';
import type { StreamPart } from '../../types/stream-part.js';
import { anthropic } from './anthropic-provider.js';

const apiKey = 'sk-ant-api03-TESTKEY-abcdefghijklmnop';
const model = 'claude-sonnet-4-5';

type Handler = (received: ReceivedRequest, response: ServerResponse) => void | Promise<void>;
let handler: Handler;
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer((received, response) => handler(received, response));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  handler = (_received, response) => sendJson(response, 200, textMessage('Hi!'));
});

function provider(options: Partial<Parameters<typeof anthropic>[0]> = {}) {
  return anthropic({ apiKey, baseURL: `${server.url}/v1/`, ...options });
}

function textMessage(text: string) {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 },
  };
}

function sse(events: object[]): string {
  return events
    .map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`)
    .join('');
}

const streamStart = {
  type: 'message_start',
  message: { id: 'msg_s', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 5, output_tokens: 1 } },
};
const textEvents = [
  streamStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
];
const endEvents = [
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } },
  { type: 'message_stop' },
];

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function rejection(promise: Promise<unknown>): Promise<RouterError> {
  try {
    await promise;
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The JSON body of the one request the server received. */
function sentBody(): Record<string, unknown> {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!.json as Record<string, unknown>;
}

function ask(content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model, messages: [{ role: 'user', content }], ...extra };
}

describe('anthropic provider: requests', () => {
  it('posts a text request to {baseURL}/messages with auth and version headers', async () => {
    const response = await provider({ headers: { 'anthropic-beta': 'feature-x' } }).complete(ask('Hello'), {
      headers: { 'x-request-tag': 'abc' },
    });
    const [received] = server.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/v1/messages');
    expect(received?.headers['x-api-key']).toBe(apiKey);
    expect(received?.headers['anthropic-version']).toBe('2023-06-01');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['anthropic-beta']).toBe('feature-x');
    expect(received?.headers['x-request-tag']).toBe('abc');
    expect(received?.headers.authorization).toBeUndefined();
    expect(received?.json).toMatchInlineSnapshot(`
      {
        "max_tokens": 4096,
        "messages": [
          {
            "content": [
              {
                "text": "Hello",
                "type": "text",
              },
            ],
            "role": "user",
          },
        ],
        "model": "claude-sonnet-4-5",
      }
    `);
    expect(response.text).toBe('Hi!');
    expect(response.choices[0].message.content).toBe('Hi!');
    expect(response.provider).toBe('anthropic');
    expect(response.model).toBe('claude-sonnet-4-5-20250929');
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(response.usage).toEqual({
      inputTokens: 12,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 3,
      totalTokens: 15,
    });
  });

  it('sends a system prompt and a multi-turn history', async () => {
    await provider().complete({
      model,
      maxTokens: 256,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: 'How are you?' },
      ],
    });
    expect(sentBody()).toMatchInlineSnapshot(`
      {
        "max_tokens": 256,
        "messages": [
          {
            "content": [
              {
                "text": "Hello",
                "type": "text",
              },
            ],
            "role": "user",
          },
          {
            "content": [
              {
                "text": "Bonjour",
                "type": "text",
              },
            ],
            "role": "assistant",
          },
          {
            "content": [
              {
                "text": "How are you?",
                "type": "text",
              },
            ],
            "role": "user",
          },
        ],
        "model": "claude-sonnet-4-5",
        "system": "Answer in French.",
      }
    `);
  });

  it('sends images (url and base64) and a PDF', async () => {
    await provider().complete({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe these' },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            { type: 'image', source: { type: 'base64', data: 'R0lGODlh', mediaType: 'image/gif' } },
            {
              type: 'file',
              source: { type: 'base64', data: 'JVBERi0x', mediaType: 'application/pdf' },
              filename: 'spec.pdf',
            },
          ],
        },
      ],
    });
    expect(sentBody().messages).toMatchInlineSnapshot(`
      [
        {
          "content": [
            {
              "text": "Describe these",
              "type": "text",
            },
            {
              "source": {
                "type": "url",
                "url": "https://example.com/a.png",
              },
              "type": "image",
            },
            {
              "source": {
                "data": "R0lGODlh",
                "media_type": "image/gif",
                "type": "base64",
              },
              "type": "image",
            },
            {
              "source": {
                "data": "JVBERi0x",
                "media_type": "application/pdf",
                "type": "base64",
              },
              "title": "spec.pdf",
              "type": "document",
            },
          ],
          "role": "user",
        },
      ]
    `);
  });

  it('sends tools, a tool choice, and tool results with is_error; reads tool calls back', async () => {
    handler = (_received, response) =>
      sendJson(response, 200, {
        id: 'msg_t',
        model,
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 100, output_tokens: 20 },
      });
    const response = await provider().complete({
      model,
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      toolChoice: 'required',
      parallelToolCalls: false,
      messages: [
        { role: 'user', content: 'Weather in Paris, then Rome?' },
        {
          role: 'assistant',
          content: null,
          toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: 'upstream timeout', isError: true },
      ],
    });
    const body = sentBody();
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } },
    ]);
    expect(body.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(body.messages).toMatchInlineSnapshot(`
      [
        {
          "content": [
            {
              "text": "Weather in Paris, then Rome?",
              "type": "text",
            },
          ],
          "role": "user",
        },
        {
          "content": [
            {
              "id": "toolu_1",
              "input": {
                "city": "Paris",
              },
              "name": "get_weather",
              "type": "tool_use",
            },
          ],
          "role": "assistant",
        },
        {
          "content": [
            {
              "content": "upstream timeout",
              "is_error": true,
              "tool_use_id": "toolu_1",
              "type": "tool_result",
            },
          ],
          "role": "user",
        },
      ]
    `);
    expect(response.toolCalls).toEqual([
      { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
    expect(response.text).toBe('Let me check.');
    expect(response.finishReason).toEqual({ unified: 'tool_calls', raw: 'tool_use' });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    [
      { type: 'tool', name: 'get_weather' },
      { type: 'tool', name: 'get_weather' },
    ],
  ] as const)('sends tool choice %j as %j', async (toolChoice, expected) => {
    await provider().complete(
      ask('Hi', { tools: [{ name: 'get_weather', parameters: { type: 'object' } }], toolChoice }),
    );
    expect(sentBody().tool_choice).toEqual(expected);
  });

  it('asks for a JSON schema natively (output_config.format) on models that have it, by default', async () => {
    handler = (_received, response) =>
      sendJson(response, 200, {
        id: 'msg_n',
        model,
        content: [{ type: 'text', text: '{"name":"Ada","age":36}' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 30, output_tokens: 10 },
      });
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'number' } },
      required: ['name', 'age'],
      additionalProperties: false,
    };
    const response = await provider().complete(
      ask('Who?', { responseFormat: { type: 'json_schema', schema } }),
    );
    const body = sentBody();
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(body.tools).toBeUndefined();
    expect(JSON.parse(response.text)).toEqual({ name: 'Ada', age: 36 });
  });

  it('asks for a JSON schema through the forced json tool and returns its input as text', async () => {
    handler = (_received, response) =>
      sendJson(response, 200, {
        id: 'msg_j',
        model,
        content: [{ type: 'tool_use', id: 'toolu_j', name: 'json', input: { name: 'Ada', age: 36 } }],
        stop_reason: 'tool_use',
        usage: { input_tokens: 30, output_tokens: 10 },
      });
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } } };
    const response = await provider({ structuredOutput: 'tool' }).complete(
      ask('Who?', { responseFormat: { type: 'json_schema', schema } }),
    );
    expect(sentBody()).toMatchObject({
      tools: [
        { name: 'json', description: 'Respond with JSON that matches this schema.', input_schema: schema },
      ],
      tool_choice: { type: 'tool', name: 'json' },
    });
    expect(JSON.parse(response.text)).toEqual({ name: 'Ada', age: 36 });
    expect(response.toolCalls).toEqual([]);
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
  });

  it('enables thinking and returns reasoning with its signature', async () => {
    handler = (_received, response) =>
      sendJson(response, 200, {
        id: 'msg_r',
        model,
        content: [
          { type: 'thinking', thinking: '7 times 6 is 42.', signature: 'EqQBsig' },
          { type: 'text', text: '42' },
        ],
        stop_reason: 'end_turn',
        usage: { input_tokens: 20, output_tokens: 40 },
      });
    const response = await provider().complete(
      ask('7*6?', { reasoning: { budgetTokens: 2000 }, temperature: 1 }),
    );
    const body = sentBody();
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(body.max_tokens).toBe(6096);
    expect(body.temperature).toBeUndefined();
    expect(response.text).toBe('42');
    expect(response.reasoningText).toBe('7 times 6 is 42.');
    expect(response.choices[0].message.reasoning).toEqual([
      { text: '7 times 6 is 42.', signature: 'EqQBsig', provider: 'anthropic' },
    ]);
  });

  it('streams a request with stream: true and yields text then one finish', async () => {
    handler = (_received, response) => sendSse(response, sse([...textEvents, ...endEvents]));
    const parts = await collect(provider().stream(ask('Hi')));
    expect(sentBody().stream).toBe(true);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
        id: 'msg_s',
        model: 'claude-sonnet-4-5-20250929',
      },
    ]);
  });

  it('works through an injected fetch, for complete and stream', async () => {
    const viaFetch = provider({ fetch: (input, init) => fetch(input, init) });
    expect((await viaFetch.complete(ask('Hi'))).text).toBe('Hi!');
    handler = (_received, response) => sendSse(response, sse([...textEvents, ...endEvents]));
    const parts = await collect(viaFetch.stream(ask('Hi')));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'finish']);
  });

  it('rejects invalid tool-call arguments as bad_request naming the provider, without sending', async () => {
    const error = await rejection(
      provider().complete({
        model,
        messages: [
          { role: 'assistant', content: null, toolCalls: [{ id: 't', name: 'f', arguments: 'nope' }] },
        ],
      }),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.provider).toBe('anthropic');
    expect(error.model).toBe(model);
    expect(server.requests).toHaveLength(0);
  });

  it('declares its capabilities and models', () => {
    const claude = provider({ name: 'claude', models: ['claude-haiku-4-5'] });
    expect(claude.name).toBe('claude');
    expect(claude.models).toEqual(['claude-haiku-4-5']);
    expect(claude.capabilities).toEqual({
      tools: true,
      jsonSchemaOutput: true,
      jsonOutput: true,
      imageInput: true,
      documentInput: true,
      streaming: true,
      reasoning: true,
    });
    expect(anthropic({ apiKey }).models[0]).toBe('claude-sonnet-4-5');
  });
});
