import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  circuitBreaker,
  createRouter,
  type Message,
  type RetryEvent,
  retry,
  timeout,
} from '../../src/index.js';
import { anthropic, gemini, openai } from '../../src/providers/index.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../../src/testing/index.js';

let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  for (const name of ['openai', 'anthropic', 'gemini']) server.upstream(name).reset();
});

const tools = [
  {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

function router() {
  return createRouter({
    providers: {
      openai: openai({
        apiKey: 'sk-openai-test-000000',
        baseURL: server.upstream('openai').baseURL('openai'),
      }),
      anthropic: anthropic({
        apiKey: 'sk-ant-test-000000000',
        baseURL: server.upstream('anthropic').baseURL('anthropic'),
        models: ['claude-haiku-4-5'],
      }),
    },
    modelMap: { 'gpt-4o-mini': 'openai' },
    fallbacks: ['anthropic'],
    middleware: [
      retry({ attempts: 2, baseDelayMs: 1 }),
      circuitBreaker({ failureThreshold: 2, cooldownMs: 60_000 }),
      timeout({ totalMs: 2_000 }),
    ],
  });
}

describe('a tool-calling conversation through a primary outage (OpenAI primary, Anthropic fallback)', () => {
  for (const mode of ['complete', 'stream'] as const) {
    it(`${mode}: the fallback serves both turns with its own model and the tool round trip intact`, async () => {
      server.upstream('openai').setDefault(faults.unavailable());
      server.upstream('anthropic').enqueue(
        faults.reply({
          toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: { city: 'Paris' } }],
        }),
        faults.reply({ text: 'It is sunny in Paris.' }),
      );
      const llm = router();
      const send = async (messages: Message[]) => {
        const request = { model: 'gpt-4o-mini', messages, tools };
        if (mode === 'complete') return llm.complete(request);
        const stream = llm.stream(request);
        for await (const _part of stream) {
          // consume
        }
        return stream.response;
      };

      const messages: Message[] = [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Paris?' },
      ];
      const first = await send(messages);
      expect(first.provider).toBe('anthropic');
      expect(first.finishReason.unified).toBe('tool_calls');
      expect(first.toolCalls).toEqual([
        { id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ]);
      expect(
        first.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind ?? 'ok']),
      ).toEqual([
        ['openai', 'primary', 'overloaded'],
        ['openai', 'retry', 'overloaded'],
        ['anthropic', 'fallback', 'ok'],
      ]);

      messages.push(
        { role: 'assistant', content: null, toolCalls: first.toolCalls },
        { role: 'tool', toolCallId: 'toolu_01', content: '{"forecast":"sunny"}' },
      );
      const second = await send(messages);
      expect(second.text).toBe('It is sunny in Paris.');
      // Two failures opened the primary's breaker: the second turn skips it without a request.
      expect(second.trail.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
        ['openai', 'skipped'],
        ['anthropic', 'success'],
      ]);
      expect(server.upstream('openai').requests).toHaveLength(2);

      const received = server.upstream('anthropic').requests;
      expect(received.map((request) => request.model)).toEqual(['claude-haiku-4-5', 'claude-haiku-4-5']);
      const body = received[1]!.body as { system: unknown; messages: unknown[]; tools: unknown[] };
      expect(body.system).toBe('You are terse.');
      expect(body.tools).toEqual([
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          input_schema: tools[0]!.parameters,
        },
      ]);
      expect(body.messages).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '{"forecast":"sunny"}' }],
        },
      ]);
      expect(received[1]!.stream).toBe(mode === 'stream');
    });
  }
});

describe('retry signals from the wire', () => {
  it("Gemini 429 with RetryInfo.retryDelay: the retry waits exactly the provider's delay", async () => {
    server.upstream('gemini').enqueue(faults.rateLimited({ retryAfterMs: 20 }));
    server.upstream('gemini').setDefault(faults.reply({ text: 'after the wait' }));
    const retries: RetryEvent[] = [];
    const llm = createRouter({
      providers: {
        gemini: gemini({
          apiKey: 'AIza-test-0000000000',
          baseURL: server.upstream('gemini').baseURL('gemini'),
        }),
      },
      middleware: [retry({ attempts: 2, baseDelayMs: 5_000 })],
      hooks: { onRetry: (event) => retries.push(event) },
    });
    const response = await llm.complete({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.text).toBe('after the wait');
    expect(retries.map((event) => [event.error.kind, event.delayMs])).toEqual([['rate_limited', 20]]);
    const [first, second] = server.upstream('gemini').requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(19);
  });

  it('Anthropic 529 then success: retried on the same target', async () => {
    server.upstream('anthropic').enqueue(faults.overloaded());
    server.upstream('anthropic').setDefault(faults.reply({ text: 'recovered' }));
    const llm = createRouter({
      providers: {
        anthropic: anthropic({
          apiKey: 'sk-ant-test-000000000',
          baseURL: server.upstream('anthropic').baseURL('anthropic'),
        }),
      },
      middleware: [retry({ attempts: 3, baseDelayMs: 1 })],
    });
    const response = await llm.complete({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.text).toBe('recovered');
    expect(response.trail.map((attempt) => [attempt.status, attempt.errorKind ?? 'ok'])).toEqual([
      [529, 'overloaded'],
      [undefined, 'ok'],
    ]);
  });
});
