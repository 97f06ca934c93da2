import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { type GatewayHarness, logLineFor, providerKey, startGatewayHarness } from './gateway-harness.js';

// The official `@anthropic-ai/sdk` client against a running gateway. `claude-haiku-4-5` is served by the
// Anthropic-format upstream (`fallback` in the harness) and falls back to the OpenAI-format one.
let harness: GatewayHarness;
let client: Anthropic;

beforeAll(async () => {
  harness = await startGatewayHarness({ fallbacks: "{ 'claude-haiku-4-5': [openai], '*': [anthropic] }" });
  client = new Anthropic({ apiKey: harness.key, baseURL: harness.url, maxRetries: 0 });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.primary.reset();
  harness.fallback.reset();
});

const model = 'claude-haiku-4-5';
const samplingSettings = { temperature: 0.3, top_k: 20 } as object;
const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('gateway with the official Anthropic client', () => {
  it('answers messages.create in Anthropic shape, with cache usage and the trail in headers', async () => {
    harness.fallback.enqueue(
      faults.reply({
        text: 'It is an invoice.',
        usage: { inputTokens: 120, cachedInputTokens: 100, cacheWriteTokens: 5, outputTokens: 6 },
      }),
    );
    const { data, response } = await client.messages
      .create({
        model,
        max_tokens: 100,
        system: [{ type: 'text', text: 'Classify documents.' }],
        messages: [{ role: 'user', content: 'Classify: invoice #42' }],
        // Sampling settings that this SDK's types no longer list for current models; the API still takes them.
        ...samplingSettings,
        stop_sequences: ['END'],
        metadata: { user_id: 'user-7' },
      })
      .withResponse();

    expect(data.type).toBe('message');
    expect(data.role).toBe('assistant');
    expect(data.content).toEqual([{ type: 'text', text: 'It is an invoice.' }]);
    expect(data.stop_reason).toBe('end_turn');
    expect(data.usage).toMatchObject({
      input_tokens: 15,
      output_tokens: 6,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 5,
    });
    expect(response.headers.get('x-llmrouter-provider')).toBe('anthropic');
    expect(response.headers.get('x-llmrouter-attempts')).toBe('1');
    // The upstream got the provider's key, never the gateway's, and the request carried over.
    const sent = harness.fallback.requests[0]!;
    expect(sent.headers['x-api-key']).toBe(providerKey);
    expect(sent.body).toMatchObject({
      model,
      max_tokens: 100,
      system: 'Classify documents.',
      temperature: 0.3,
      top_k: 20,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-7' },
    });
  });

  it('accepts the gateway key as a Bearer token too, and refuses a wrong one as authentication_error', async () => {
    harness.fallback.enqueue(faults.reply({ text: 'Hi.' }));
    const bearer = new Anthropic({
      authToken: harness.key,
      apiKey: null,
      baseURL: harness.url,
      maxRetries: 0,
    });
    const message = await bearer.messages.create({
      model,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hi.' }]);

    const wrong = new Anthropic({ apiKey: 'not-the-key', baseURL: harness.url, maxRetries: 0 });
    const error = await wrong.messages
      .create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'Incorrect API key provided.' },
    });
    expect(harness.fallback.requests).toHaveLength(1);
  });

  it('streams thinking and a tool call as Anthropic events that messages.stream assembles', async () => {
    harness.fallback.enqueue(
      faults.reply({
        reasoning: 'The user wants the weather.',
        text: 'Let me check.',
        toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: { city: 'Paris' } }],
        usage: { inputTokens: 30, outputTokens: 25 },
      }),
    );
    const stream = client.messages.stream({
      model,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weatherTool],
      tool_choice: { type: 'auto' },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    const message = await stream.finalMessage();

    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'The user wants the weather.', signature: expect.any(String) },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect((message.content[0] as { signature: string }).signature).not.toBe('');
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 30, output_tokens: 25 });
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events.filter((type) => type === 'content_block_start')).toHaveLength(3);
    expect(events.filter((type) => type === 'content_block_stop')).toHaveLength(3);
    expect(events).toContain('message_delta');
    // The thinking budget reached Anthropic as Anthropic's own field.
    expect(harness.fallback.requests[0]!.body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [{ name: 'get_weather', input_schema: weatherTool.input_schema }],
    });
  });

  it('carries a tool round trip: tool_use and tool_result go back with the signed thinking', async () => {
    harness.fallback.enqueue(faults.reply({ text: 'It is 18 °C in Paris.' }));
    const message = await client.messages.create({
      model,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need the tool.', signature: 'sig-abc' },
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '{"celsius":18}' }],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'It is 18 °C in Paris.' }]);
    const sent = harness.fallback.requests[0]!.body as { messages: unknown[] };
    expect(sent.messages).toMatchObject([
      { role: 'user' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Need the tool.', signature: 'sig-abc' },
          { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [expect.objectContaining({ type: 'tool_result', tool_use_id: 'toolu_01' })],
      },
    ]);
  });

  it('reports what it could not carry in the trail headers and the log, never silently', async () => {
    harness.fallback.enqueue(faults.reply({ text: 'Cached.' }));
    const { response } = await client.messages
      .create({
        model,
        max_tokens: 10,
        service_tier: 'auto',
        system: [{ type: 'text', text: 'Long context.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .withResponse();
    const warnings = response.headers.get('x-llmrouter-warnings') ?? '';
    expect(warnings).toContain('service_tier');
    expect(warnings).toContain('cache_control');
    // The Anthropic target got the cache breakpoint as sent.
    expect(harness.fallback.requests[0]!.body).toMatchObject({
      system: [{ type: 'text', text: 'Long context.', cache_control: { type: 'ephemeral' } }],
    });
    const log = await logLineFor(harness, response.headers.get('x-request-id')!);
    expect(log.warnings).toEqual(expect.arrayContaining([expect.stringContaining('service_tier')]));
  });
  it('reports a dropped field whose name is not header-safe without failing the request', async () => {
    harness.fallback.enqueue(faults.reply({ text: 'Fine.' }));
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': harness.key },
      body: JSON.stringify({
        model,
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
        metadata: { café: 1 },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llmrouter-warnings')).toContain('metadata.caf?: dropped');
  });

  it('serves an Anthropic outage from the OpenAI fallback, answered in Anthropic shape', async () => {
    harness.fallback.enqueue(faults.overloaded(), faults.overloaded());
    harness.primary.enqueue(
      faults.reply({
        toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
        usage: { inputTokens: 40, outputTokens: 9 },
      }),
    );
    const stream = client.messages.stream({
      model,
      max_tokens: 100,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const { response } = await stream.withResponse();
    const message = await stream.finalMessage();

    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_9', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 40, output_tokens: 9 });
    expect(response.headers.get('x-llmrouter-provider')).toBe('openai');
    expect(response.headers.get('x-llmrouter-fallback')).toBe('true');
    expect(response.headers.get('x-llmrouter-attempts')).toBe('3');
    expect(harness.fallback.requests).toHaveLength(2);
    // The OpenAI fallback received its own model and the tool in OpenAI's form.
    expect(harness.primary.requests[0]!.body).toMatchObject({
      model: 'gpt-4o-mini',
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
  });

  it('passes anthropic-beta to the Anthropic target only, never to the OpenAI fallback', async () => {
    // A bad key (not retried, not counted by the breaker) moves the call to the OpenAI fallback.
    harness.fallback.enqueue(faults.status(401));
    harness.primary.enqueue(faults.reply({ text: 'Sunny.' }));
    const message = await client.messages.create(
      { model, max_tokens: 50, messages: [{ role: 'user', content: 'Weather?' }] },
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } },
    );
    expect(message.content).toEqual([{ type: 'text', text: 'Sunny.' }]);
    expect(harness.fallback.requests).toHaveLength(1);
    expect(harness.fallback.requests[0]!.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(harness.primary.requests).toHaveLength(1);
    expect(harness.primary.requests[0]!.headers['anthropic-beta']).toBeUndefined();
  });

  it('maps every target overloaded back to 529 overloaded_error', async () => {
    harness.fallback.enqueue(faults.overloaded(), faults.overloaded());
    harness.primary.enqueue(faults.unavailable(), faults.unavailable());
    const error = await client.messages
      .create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(529);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(JSON.stringify(apiError.error)).not.toContain(providerKey);
    expect(harness.fallback.requests).toHaveLength(2);
    expect(harness.primary.requests).toHaveLength(2);
  });

  it('ends a stream that fails after content with an error event the client raises', async () => {
    harness.fallback.enqueue(
      faults.streamError({ afterParts: 5, reason: 'overloaded', reply: { text: 'one two three four' } }),
    );
    const stream = client.messages.stream({
      model,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(texts.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error' },
    });
    // Content had reached the client: no fallback replayed the answer from the start.
    expect(harness.primary.requests).toHaveLength(0);
  });

  it('counts tokens as an estimate, marked as one, without calling a provider', async () => {
    const { data, response } = await client.messages
      .countTokens({
        model,
        system: 'Be brief.',
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'What is the weather like in Paris today?' }],
      })
      .withResponse();
    expect(data.input_tokens).toBeGreaterThan(10);
    expect(data.input_tokens).toBeLessThan(200);
    expect(response.headers.get('x-llmrouter-token-count')).toBe('estimate');
    expect((data as unknown as { estimated: boolean }).estimated).toBe(true);
    expect(harness.fallback.requests).toHaveLength(0);
    expect(harness.primary.requests).toHaveLength(0);
  });
});
