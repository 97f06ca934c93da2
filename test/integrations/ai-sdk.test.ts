import { generateObject, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouterProvider, InvalidRouterOptionsError } from '../../src/ai-sdk/index.js';
import { createRouter, RouterError, retry, StreamInterruptedError, timeout } from '../../src/index.js';
import { anthropic, openai } from '../../src/providers/index.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../../src/testing/index.js';
import { startLocalServer } from '../helpers/local-server.js';

let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  for (const name of ['openai', 'anthropic']) server.upstream(name).reset();
});

const openaiKey = 'sk-openai-test-0123456789';
const anthropicKey = 'sk-ant-test-0123456789';

function routerProvider() {
  const router = createRouter({
    providers: {
      openai: openai({ apiKey: openaiKey, baseURL: server.upstream('openai').baseURL('openai') }),
      anthropic: anthropic({
        apiKey: anthropicKey,
        baseURL: server.upstream('anthropic').baseURL('anthropic'),
        models: ['claude-haiku-4-5'],
      }),
    },
    modelMap: { 'gpt-4o-mini': 'openai' },
    fallbacks: ['anthropic'],
    middleware: [retry({ attempts: 2, baseDelayMs: 1 }), timeout({ totalMs: 5_000 })],
  });
  return createRouterProvider(router);
}

interface TrailEntry {
  provider: string;
  reason: string;
  outcome: string;
  errorKind?: string;
}

function trailOf(metadata: unknown): Array<[string, string, string]> {
  const trail = (metadata as { llmrouter: { trail: TrailEntry[] } }).llmrouter.trail;
  return trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind ?? attempt.outcome]);
}

const outageTrail = [
  ['openai', 'primary', 'overloaded'],
  ['openai', 'retry', 'overloaded'],
  ['anthropic', 'fallback', 'success'],
];

describe('llmrouter/ai-sdk with ai@6 against the fake provider server', () => {
  it('generateText through a primary outage answers from the fallback with its own model', async () => {
    server.upstream('openai').setDefault(faults.unavailable());
    server.upstream('anthropic').enqueue(
      faults.reply({
        text: 'Invoice.',
        usage: { inputTokens: 30, cachedInputTokens: 10, cacheWriteTokens: 5, outputTokens: 7 },
      }),
    );
    const llm = routerProvider();

    const result = await generateText({
      model: llm('gpt-4o-mini'),
      system: 'Answer in one word.',
      prompt: 'Classify: "Total due: 40 EUR"',
      maxRetries: 0,
    });

    expect(result.text).toBe('Invoice.');
    expect(result.response.modelId).toBe('claude-haiku-4-5');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({
      inputTokens: 30,
      outputTokens: 7,
      inputTokenDetails: { noCacheTokens: 15, cacheReadTokens: 10, cacheWriteTokens: 5 },
    });
    expect(result.providerMetadata?.llmrouter).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(trailOf(result.providerMetadata)).toEqual(outageTrail);
    const [received] = server.upstream('anthropic').requests;
    expect(received?.model).toBe('claude-haiku-4-5');
    expect(received?.body).toMatchObject({
      system: 'Answer in one word.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Classify: "Total due: 40 EUR"' }] }],
    });
    expect(JSON.stringify(result.providerMetadata)).not.toContain(anthropicKey);
  });

  it('streamText through a primary outage streams the fallback’s answer, parts in order', async () => {
    server.upstream('openai').setDefault(faults.unavailable());
    server.upstream('anthropic').enqueue(
      faults.reply({
        reasoning: 'Looks like a bill.',
        text: 'It is an invoice.',
        usage: { outputTokens: 9 },
      }),
    );
    const llm = routerProvider();

    const result = streamText({ model: llm('gpt-4o-mini'), prompt: 'Classify', maxRetries: 0 });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);

    expect(await result.text).toBe('It is an invoice.');
    expect(await result.reasoningText).toBe('Looks like a bill.');
    expect((await result.response).modelId).toBe('claude-haiku-4-5');
    expect(trailOf(await result.providerMetadata)).toEqual(outageTrail);
    const squeezed = types.filter((type, index) => type !== types[index - 1]);
    expect(squeezed).toEqual([
      'start',
      'start-step',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
  });

  it('a tool-calling loop (stopWhen: stepCountIs(3)) completes across providers', async () => {
    server
      .upstream('openai')
      .enqueue(
        faults.reply({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] }),
      );
    server.upstream('openai').setDefault(faults.unavailable());
    server.upstream('anthropic').setDefault(faults.reply({ text: 'Sunny in Paris.' }));
    const llm = routerProvider();
    const cities: string[] = [];

    const result = await generateText({
      model: llm('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: tool({
          description: 'Current weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            cities.push(city);
            return { forecast: 'sunny' };
          },
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });

    expect(cities).toEqual(['Paris']);
    expect(result.text).toBe('Sunny in Paris.');
    expect(result.steps.map((step) => step.response.modelId)).toEqual(['gpt-4o-mini', 'claude-haiku-4-5']);
    const second = server.upstream('anthropic').requests[0]?.body as { messages: unknown[] };
    expect(second.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '{"forecast":"sunny"}' }],
      },
    ]);
  });

  it('streamText streams tool input blocks and the tool call with one id', async () => {
    server
      .upstream('openai')
      .enqueue(
        faults.reply({ toolCalls: [{ id: 'call_7', name: 'lookup', arguments: { q: 'x' } }], chunkSize: 3 }),
      );
    const llm = routerProvider();
    const result = streamText({
      model: llm('gpt-4o-mini'),
      prompt: 'Look it up',
      tools: { lookup: tool({ inputSchema: jsonSchema<{ q: string }>({ type: 'object' }) }) },
      maxRetries: 0,
    });
    const parts: Array<{ type: string; id?: string; toolCallId?: string; delta?: string }> = [];
    for await (const part of result.fullStream) parts.push(part as (typeof parts)[number]);

    const toolParts = parts.filter((part) => part.type.startsWith('tool-'));
    expect(toolParts[0]).toMatchObject({ type: 'tool-input-start', id: 'call_7' });
    expect(toolParts.at(-2)).toMatchObject({ type: 'tool-input-end', id: 'call_7' });
    expect(toolParts.at(-1)).toMatchObject({ type: 'tool-call', toolCallId: 'call_7', input: { q: 'x' } });
    const deltas = toolParts.filter((part) => part.type === 'tool-input-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((part) => part.delta).join('')).toBe('{"q":"x"}');
    expect(await result.finishReason).toBe('tool-calls');
  });

  it('generateObject with a zod schema sends the native schema form and returns a validated object', async () => {
    server.upstream('openai').enqueue(faults.reply({ text: '{"kind":"invoice","total":40}' }));
    const llm = routerProvider();

    const result = await generateObject({
      model: llm('gpt-4o-mini'),
      schema: z.object({ kind: z.enum(['invoice', 'letter']), total: z.number() }),
      schemaName: 'document',
      prompt: 'Classify',
      maxRetries: 0,
    });

    expect(result.object).toEqual({ kind: 'invoice', total: 40 });
    const body = server.upstream('openai').requests[0]?.body as { response_format: Record<string, unknown> };
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'document', schema: { type: 'object', required: ['kind', 'total'] } },
    });
  });

  it('a stream interrupted after content surfaces as an error, not a short answer', async () => {
    server
      .upstream('openai')
      .enqueue(faults.resetAfter(3, { reply: { text: 'one two three four five six' } }));
    server.upstream('anthropic').setDefault(faults.reply({ text: 'never used' }));
    const llm = routerProvider();
    const errors: unknown[] = [];

    const result = streamText({
      model: llm('gpt-4o-mini'),
      prompt: 'Count',
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    let text = '';
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') text += part.text;
    }

    expect(text.length).toBeGreaterThan(0);
    expect('one two three four five six'.startsWith(text)).toBe(true);
    expect(text).not.toBe('one two three four five six');
    expect(types).toContain('error');
    // The AI SDK closes the step it was in, but with finish reason `error`, never `stop`.
    expect(await result.finishReason).toBe('error');
    expect(errors).toHaveLength(1);
    expect(StreamInterruptedError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as RouterError).kind).toBe('network');
    expect(server.upstream('anthropic').requests).toHaveLength(0);
  });

  it('aborting the AI SDK call aborts the upstream request', async () => {
    let upstreamClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    let firstChunkSent: () => void = () => {};
    const chunkSent = new Promise<void>((resolve) => {
      firstChunkSent = resolve;
    });
    const hanging = await startLocalServer((_received, response) => {
      response.on('close', upstreamClosed);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = { id: 'c1', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Hel' } }] };
      response.write(`data: ${JSON.stringify(chunk)}\n\n`, () => firstChunkSent());
    });
    try {
      const router = createRouter({
        providers: { openai: openai({ apiKey: openaiKey, baseURL: `${hanging.url}/v1` }) },
      });
      const controller = new AbortController();
      const result = streamText({
        model: createRouterProvider(router)('gpt-4o-mini'),
        prompt: 'Hello',
        abortSignal: controller.signal,
        maxRetries: 0,
        onError: () => {},
      });
      const reading = (async () => {
        for await (const _part of result.fullStream) {
          // drain until the abort ends the stream
        }
      })();
      await chunkSent;
      controller.abort();
      await reading;
      await closed;
      expect(hanging.requests).toHaveLength(1);
    } finally {
      await hanging.close();
    }
  });

  it('an aborted generateText rejects with the cancellation and closes the upstream connection', async () => {
    let upstreamClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    const hanging = await startLocalServer((_received, response) => {
      response.on('close', upstreamClosed);
    });
    try {
      const router = createRouter({
        providers: { openai: openai({ apiKey: openaiKey, baseURL: `${hanging.url}/v1` }) },
      });
      const controller = new AbortController();
      const call = generateText({
        model: createRouterProvider(router)('gpt-4o-mini'),
        prompt: 'Hello',
        abortSignal: controller.signal,
        maxRetries: 0,
      });
      while (hanging.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      const error = await call.catch((thrown: unknown) => thrown);
      expect(RouterError.isInstance(error)).toBe(true);
      expect((error as RouterError).kind).toBe('cancelled');
      await closed;
    } finally {
      await hanging.close();
    }
  });

  it('providerOptions.llmrouter.targets routes past the model map; a wrong shape is a bad request', async () => {
    server.upstream('anthropic').enqueue(faults.reply({ text: 'direct' }));
    const llm = routerProvider();

    const result = await generateText({
      model: llm('gpt-4o-mini'),
      prompt: 'Hi',
      maxRetries: 0,
      providerOptions: { llmrouter: { targets: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }] } },
    });
    expect(result.text).toBe('direct');
    expect(server.upstream('openai').requests).toHaveLength(0);

    const wrong = await generateText({
      model: llm('gpt-4o-mini'),
      prompt: 'Hi',
      maxRetries: 0,
      providerOptions: { llmrouter: { deadlineMs: 'soon' } },
    }).catch((thrown: unknown) => thrown);
    expect(InvalidRouterOptionsError.isInstance(wrong)).toBe(true);
    expect((wrong as RouterError).kind).toBe('bad_request');
    expect((wrong as Error).message).toContain('deadlineMs');
  });

  it('headers pass through to the provider request; dropped settings come back as warnings', async () => {
    server.upstream('openai').enqueue(faults.reply({ text: 'ok' }));
    const llm = routerProvider();
    const result = await generateText({
      model: llm('gpt-4o-mini'),
      prompt: 'Hi',
      maxRetries: 0,
      headers: { 'x-tenant': 'acme' },
      tools: {
        search: { type: 'provider', id: 'openai.web_search', args: {}, inputSchema: jsonSchema({}) },
      },
    });
    expect(server.upstream('openai').requests[0]?.headers['x-tenant']).toBe('acme');
    expect(result.warnings).toEqual([
      { type: 'unsupported', feature: 'provider-defined tool openai.web_search' },
    ]);
  });
});
