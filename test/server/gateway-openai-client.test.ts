import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { logLineFor, providerKey, useGatewayHarness } from './gateway-harness.js';

// The official `openai` package as the client, against a running gateway, through the fake provider server.
const harness = useGatewayHarness();

const question = [{ role: 'user' as const, content: 'Classify this document: invoice #42' }];

describe('gateway with the official openai client', () => {
  it('answers a plain completion in OpenAI format, with the trail in headers', async () => {
    harness.primary.enqueue(
      faults.reply({ text: 'It is an invoice.', usage: { inputTokens: 12, outputTokens: 5 } }),
    );
    const { data, response } = await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question, temperature: 0.2, max_tokens: 50 })
      .withResponse();

    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('gpt-4o-mini');
    expect(data.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'It is an invoice.', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    expect(data.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 5,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(response.headers.get('x-llmrouter-provider')).toBe('openai');
    expect(response.headers.get('x-llmrouter-model')).toBe('gpt-4o-mini');
    expect(response.headers.get('x-llmrouter-attempts')).toBe('1');
    expect(response.headers.get('x-llmrouter-fallback')).toBe('false');
    expect(Number(response.headers.get('x-llmrouter-overhead-ms'))).toBeGreaterThanOrEqual(0);

    // The upstream got the provider's key (never the gateway's) and the request, converted.
    const sent = harness.primary.requests[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${providerKey}`);
    expect(sent.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Classify this document: invoice #42' }],
      temperature: 0.2,
      max_completion_tokens: 50,
    });

    const log = await logLineFor(harness, response.headers.get('x-request-id')!);
    expect(log).toMatchObject({
      status: 200,
      model: 'gpt-4o-mini',
      provider: 'openai',
      servedModel: 'gpt-4o-mini',
      attempts: 1,
      fallback: false,
      stream: false,
      inputTokens: 12,
      outputTokens: 5,
    });
    // No message content in the log unless configured.
    expect(JSON.stringify(log)).not.toContain('invoice #42');
  });

  it('streams a completion the client assembles, frame by frame, with the usage chunk', async () => {
    harness.primary.enqueue(
      faults.reply({
        text: 'Streaming through the gateway works.',
        usage: { inputTokens: 9, outputTokens: 6 },
      }),
    );
    const stream = harness.client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: question,
      stream_options: { include_usage: true },
    });
    const contents: string[] = [];
    stream.on('content', (delta) => contents.push(delta));
    const completion = await stream.finalChatCompletion();

    expect(completion.choices[0]!.message.content).toBe('Streaming through the gateway works.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 });
    // Each upstream text delta became its own frame (the fake streams word by word).
    expect(contents).toEqual(['Streaming', ' through', ' the', ' gateway', ' works.']);
    expect(harness.primary.requests[0]!.stream).toBe(true);
  });

  it('carries a tool call round trip: the call, then the tool result back to the model', async () => {
    harness.primary.setHandler((request) => {
      const messages = (request.body as { messages: Array<{ role: string }> }).messages;
      return messages.some((message) => message.role === 'tool')
        ? faults.reply({ text: 'It is sunny in Paris.' })
        : faults.reply({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    });
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Weather in Paris?' },
    ];

    const first = await harness.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools,
      tool_choice: 'auto',
    });
    const call = first.choices[0]!.message.tool_calls?.[0];
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call).toEqual({
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });

    messages.push(first.choices[0]!.message, {
      role: 'tool',
      tool_call_id: 'call_1',
      content: '{"sky":"sunny"}',
    });
    const second = await harness.client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    expect(second.choices[0]!.message.content).toBe('It is sunny in Paris.');

    const upstreamFirst = harness.primary.requests[0]!.body as Record<string, unknown>;
    expect(upstreamFirst.tools).toEqual(tools);
    expect(upstreamFirst.tool_choice).toBe('auto');
    const upstreamSecond = harness.primary.requests[1]!.body as { messages: unknown[] };
    expect(upstreamSecond.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"sky":"sunny"}' },
    ]);
  });

  it('streams tool calls so the client assembles their arguments', async () => {
    harness.primary.enqueue(
      faults.reply({
        toolCalls: [{ id: 'call_9', name: 'lookup', arguments: { query: 'invoice 42', limit: 3 } }],
        chunkSize: 5,
      }),
    );
    const stream = harness.client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: question,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const fragments: string[] = [];
    stream.on('tool_calls.function.arguments.delta', (event) => fragments.push(event.arguments_delta));
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      {
        id: 'call_9',
        type: 'function',
        function: { name: 'lookup', arguments: '{"query":"invoice 42","limit":3}' },
      },
    ]);
    // The arguments arrived in fragments, as the provider streamed them.
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.join('')).toBe('{"query":"invoice 42","limit":3}');
  });

  it('serves a primary outage from the fallback, which receives its own model name', async () => {
    harness.primary.setDefault(faults.unavailable());
    harness.fallback.setDefault(faults.reply({ text: 'Invoice, says the fallback.' }));

    const { data, response } = await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('Invoice, says the fallback.');
    expect(response.headers.get('x-llmrouter-provider')).toBe('anthropic');
    expect(response.headers.get('x-llmrouter-model')).toBe('claude-haiku-4-5');
    expect(response.headers.get('x-llmrouter-attempts')).toBe('3');
    expect(response.headers.get('x-llmrouter-fallback')).toBe('true');
    expect(harness.primary.requests).toHaveLength(2);
    expect(harness.fallback.requests.map((request) => request.model)).toEqual(['claude-haiku-4-5']);

    // Streaming falls back the same way, before any content reaches the client.
    const streamed = await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question, stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of streamed.data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Invoice, says the fallback.');
    expect(streamed.response.headers.get('x-llmrouter-provider')).toBe('anthropic');
    expect(streamed.response.headers.get('x-llmrouter-fallback')).toBe('true');
  });

  it('passes images and a JSON schema response format through to the provider', async () => {
    harness.primary.enqueue(faults.reply({ text: '{"kind":"invoice"}' }));
    const schema = {
      type: 'object',
      properties: { kind: { type: 'string' } },
      required: ['kind'],
      additionalProperties: false,
    };
    const completion = await harness.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'kind', schema, strict: true } },
    });
    expect(completion.choices[0]!.message.content).toBe('{"kind":"invoice"}');
    expect(harness.primary.requests[0]!.body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'kind', schema, strict: true } },
    });
  });

  it('lists every routable model', async () => {
    const models = [];
    for await (const model of harness.client.models.list())
      models.push({ id: model.id, owned_by: model.owned_by });
    expect(models).toEqual([
      { id: 'gpt-4o-mini', owned_by: 'openai' },
      { id: 'gpt-4o', owned_by: 'openai' },
      { id: 'claude-haiku-4-5', owned_by: 'anthropic' },
    ]);
  });

  it('answers 429 with Retry-After when every target is rate limited', async () => {
    harness.primary.setDefault(faults.rateLimited({ retryAfterMs: 5 }));
    harness.fallback.setDefault(faults.rateLimited({ retryAfterMs: 5 }));
    const error = await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(429);
    expect(apiError.headers?.get('retry-after')).toBe('1');
    expect(apiError.headers?.get('x-llmrouter-attempts')).toBe('4');
    expect(apiError.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(apiError.message).toContain('All 2 targets failed for "gpt-4o-mini"');
  });

  // A 400 is not fallback-eligible, so its provider message reaches the client and the log line: the
  // case where redaction is all that stands between the key and them. A 500 on every target is the other.
  it.each([
    { fault: faults.badRequest, status: 400, type: 'invalid_request_error', attempts: 1 },
    { fault: faults.serverError, status: 502, type: 'server_error', attempts: 4 },
  ])(
    'never hands a provider key to the client or its own log when a provider echoes it in a $status',
    async (testCase) => {
      const echo = testCase.fault({ message: `Invalid request with key ${providerKey}` });
      harness.primary.setDefault(echo);
      harness.fallback.setDefault(echo);
      const error = (await harness.client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: question })
        .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
      expect(error.status).toBe(testCase.status);
      expect(error.error).toMatchObject({ type: testCase.type });
      const id = error.headers?.get('x-request-id');
      expect(id).toBeTruthy();
      const log = await logLineFor(harness, id!);
      expect(log).toMatchObject({ status: testCase.status, attempts: testCase.attempts });
      const seen = [
        JSON.stringify(error.error),
        JSON.stringify([...error.headers!]),
        JSON.stringify(harness.logs),
      ];
      for (const text of seen) {
        expect(text).not.toContain(providerKey.slice(0, 8));
        expect(text).not.toContain(providerKey.slice(-8));
      }
    },
  );
});
