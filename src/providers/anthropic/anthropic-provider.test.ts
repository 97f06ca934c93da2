import { describe, expect, it } from 'vitest';
import {
  apiKey,
  ask,
  collect,
  endEvents,
  model,
  rejection,
  sse,
  textEvents,
  useAnthropicTestServer,
} from '../../../test/helpers/anthropic-test-server.js';
import { sendJson, sendSse } from '../../../test/helpers/local-server.js';
import { anthropic } from './anthropic-provider.js';

const local = useAnthropicTestServer();

describe('anthropic provider: requests', () => {
  it('posts a text request to {baseURL}/messages with auth and version headers', async () => {
    const response = await local
      .provider({ headers: { 'anthropic-beta': 'feature-x' } })
      .complete(ask('Hello'), {
        headers: { 'x-request-tag': 'abc' },
      });
    const [received] = local.server.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/v1/messages');
    expect(received?.headers['x-api-key']).toBe(apiKey);
    expect(received?.headers['anthropic-version']).toBe('2023-06-01');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['anthropic-beta']).toBe('feature-x');
    expect(received?.headers['x-request-tag']).toBe('abc');
    expect(received?.headers.authorization).toBeUndefined();
    // Messages API body: model, max_tokens (required by Anthropic, so a default is always sent), messages of
    // { role, content } with content as typed blocks; nothing else for a plain text request.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const body = received?.json as Record<string, any>;
    expect(body.model).toBe('claude-sonnet-4-5');
    expect(body.max_tokens).toBe(4096);
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model']);
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
    await local.provider().complete({
      model,
      maxTokens: 256,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: 'How are you?' },
      ],
    });
    // The system prompt is the top-level `system` field, never a message: messages only alternate user/assistant.
    const body = local.sentBody();
    expect(body.system).toBe('Answer in French.');
    expect(body.max_tokens).toBe(256);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Bonjour' }] },
      { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
    ]);
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model', 'system']);
  });

  it('sends images (url and base64) and a PDF', async () => {
    await local.provider().complete({
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
    // Image blocks take a source of type url ({ url }) or base64 ({ media_type, data }); a PDF is a document
    // block with a base64 source, its filename carried as the document's title.
    expect(local.sentBody().messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe these' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lGODlh' } },
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' },
            title: 'spec.pdf',
          },
        ],
      },
    ]);
  });

  it('sends tools, a tool choice, and tool results with is_error; reads tool calls back', async () => {
    local.handler = (_received, response) =>
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
    const response = await local.provider().complete({
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
    const body = local.sentBody();
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } },
    ]);
    expect(body.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    // An assistant tool call is a tool_use block with its arguments parsed into `input`; a tool result goes
    // back in a user turn as a tool_result block keyed by tool_use_id, with is_error for a failure.
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris, then Rome?' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'upstream timeout', is_error: true },
        ],
      },
    ]);
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
    await local
      .provider()
      .complete(ask('Hi', { tools: [{ name: 'get_weather', parameters: { type: 'object' } }], toolChoice }));
    expect(local.sentBody().tool_choice).toEqual(expected);
  });

  it('asks for a JSON schema natively (output_config.format) on models that have it, by default', async () => {
    local.handler = (_received, response) =>
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
    const response = await local
      .provider()
      .complete(ask('Who?', { responseFormat: { type: 'json_schema', schema } }));
    const body = local.sentBody();
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(body.tools).toBeUndefined();
    expect(JSON.parse(response.text)).toEqual({ name: 'Ada', age: 36 });
  });

  it('asks for a JSON schema through the forced json tool and returns its input as text', async () => {
    local.handler = (_received, response) =>
      sendJson(response, 200, {
        id: 'msg_j',
        model,
        content: [{ type: 'tool_use', id: 'toolu_j', name: 'json', input: { name: 'Ada', age: 36 } }],
        stop_reason: 'tool_use',
        usage: { input_tokens: 30, output_tokens: 10 },
      });
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } } };
    const response = await local
      .provider({ structuredOutput: 'tool' })
      .complete(ask('Who?', { responseFormat: { type: 'json_schema', schema } }));
    expect(local.sentBody()).toMatchObject({
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
    local.handler = (_received, response) =>
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
    const response = await local
      .provider()
      .complete(ask('7*6?', { reasoning: { budgetTokens: 2000 }, temperature: 1 }));
    const body = local.sentBody();
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
    local.handler = (_received, response) => sendSse(response, sse([...textEvents, ...endEvents]));
    const parts = await collect(local.provider().stream(ask('Hi')));
    expect(local.sentBody().stream).toBe(true);
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
    const viaFetch = local.provider({ fetch: (input, init) => fetch(input, init) });
    expect((await viaFetch.complete(ask('Hi'))).text).toBe('Hi!');
    local.handler = (_received, response) => sendSse(response, sse([...textEvents, ...endEvents]));
    const parts = await collect(viaFetch.stream(ask('Hi')));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'finish']);
  });

  it('rejects invalid tool-call arguments as bad_request naming the provider, without sending', async () => {
    const error = await rejection(
      local.provider().complete({
        model,
        messages: [
          { role: 'assistant', content: null, toolCalls: [{ id: 't', name: 'f', arguments: 'nope' }] },
        ],
      }),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.provider).toBe('anthropic');
    expect(error.model).toBe(model);
    expect(local.server.requests).toHaveLength(0);
  });

  it('declares its capabilities and models', () => {
    const claude = local.provider({ name: 'claude', models: ['claude-haiku-4-5'] });
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
