import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openai } from '../../src/providers/openai/index.js';
import { createRouter } from '../../src/router/create-router.js';
import { openTelemetry } from '../../src/telemetry/open-telemetry.js';
import { MockProvider, mockStep } from '../../src/testing/index.js';
import { sendJson, startLocalServer } from '../helpers/local-server.js';
import { otelHarness } from './otel-harness.js';

const secretPrompt = 'Draft the NIGHTJAR acquisition memo';
const secretAnswer = 'The ZEBRA price is 42';
const messages = [
  { role: 'system' as const, content: 'You are counsel.' },
  { role: 'user' as const, content: secretPrompt },
];

let harness: ReturnType<typeof otelHarness>;
beforeEach(() => {
  harness = otelHarness();
});
afterEach(async () => {
  await harness.shutdown();
});

/** Everything a span exports, as text: name, attributes, events, status. */
function exported(spans: ReadableSpan[]): string {
  return JSON.stringify(
    spans.map((span) => ({
      name: span.name,
      attributes: span.attributes,
      events: span.events,
      status: span.status,
    })),
  );
}

/** A router whose primary fails once and whose fallback answers. */
function failingThenServing(options: { captureContent?: boolean } = {}) {
  return createRouter({
    providers: {
      a: new MockProvider({ name: 'a', models: ['ma'], script: [mockStep.error({ status: 500 })] }),
      b: new MockProvider({ name: 'b', models: ['mb'], script: [mockStep.reply(secretAnswer)] }),
    },
    fallbacks: ['b'],
    instrumentation: openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
      ...options,
    }),
  });
}

describe('openTelemetry content', () => {
  it('records no message content unless asked', async () => {
    const router = failingThenServing();
    expect((await router.complete({ model: 'ma', messages })).text).toBe(secretAnswer);
    const spans = harness.spans();
    expect(spans).toHaveLength(3);
    const text = exported(spans);
    expect(text).not.toContain('NIGHTJAR');
    expect(text).not.toContain('ZEBRA');
    expect(text).not.toContain('counsel');
    expect(text).not.toContain('gen_ai.input.messages');
    expect(text).not.toContain('gen_ai.output.messages');
  });

  it('with captureContent, records input on every attempt and the answer on the one that served', async () => {
    const router = failingThenServing({ captureContent: true });
    await router.complete({ model: 'ma', messages });
    const [failed, served] = harness
      .spans()
      .filter((span) => span.kind === SpanKind.CLIENT)
      .sort(
        (left, right) =>
          Number(left.attributes['llmrouter.attempt.ordinal']) -
          Number(right.attributes['llmrouter.attempt.ordinal']),
      );
    const input = [
      { role: 'system', parts: [{ type: 'text', content: 'You are counsel.' }] },
      { role: 'user', parts: [{ type: 'text', content: secretPrompt }] },
    ];
    expect(JSON.parse(failed!.attributes['gen_ai.input.messages'] as string)).toEqual(input);
    expect(failed!.attributes['gen_ai.output.messages']).toBeUndefined();
    expect(JSON.parse(served!.attributes['gen_ai.input.messages'] as string)).toEqual(input);
    expect(JSON.parse(served!.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: secretAnswer }], finish_reason: 'stop' },
    ]);
    // The span kept open for the answer still ends when the attempt ended, not when the call did.
    const parent = harness.spans().find((span) => span.name === 'router.complete')!;
    // Span times come from two clock readings (the attempt's record and the SDK's own), so allow a
    // millisecond of skew; what matters is that the served span did not wait for the call to end.
    const nanoseconds = (time: [number, number]) => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
    expect(nanoseconds(served!.endTime) <= nanoseconds(parent.endTime) + 1_000_000n).toBe(true);
  });

  it('cuts captured content to maxContentChars', async () => {
    const router = createRouter({
      providers: {
        b: new MockProvider({ name: 'b', models: ['mb'], script: [mockStep.reply(secretAnswer)] }),
      },
      instrumentation: openTelemetry({
        tracerProvider: harness.tracerProvider,
        meterProvider: harness.meterProvider,
        captureContent: true,
        maxContentChars: 10,
      }),
    });
    await router.stream({ model: 'mb', messages }).response;
    const attempt = harness.spans().find((span) => span.kind === SpanKind.CLIENT)!;
    expect(JSON.parse(attempt.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are co' }] },
      { role: 'user', parts: [{ type: 'text', content: '' }] },
    ]);
    expect(JSON.parse(attempt.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'The ZEBRA ' }], finish_reason: 'stop' },
    ]);
  });

  it('never carries an API key, even with content capture on and a provider echoing the key', async () => {
    const firstKey = 'sk-test-FIRSTKEY-0123456789abcdef';
    const secondKey = 'sk-test-SECONDKEY-fedcba9876543210';
    const server = await startLocalServer((received, response) => {
      if (received.headers.authorization === `Bearer ${firstKey}`) {
        sendJson(response, 401, {
          error: {
            message: `Incorrect API key provided: ${firstKey}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        });
        return;
      }
      sendJson(response, 200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_760_000_000,
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message: { role: 'assistant', content: secretAnswer }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 },
      });
    });
    try {
      const router = createRouter({
        providers: {
          primary: openai({ apiKey: firstKey, baseURL: `${server.url}/v1`, name: 'primary' }),
          backup: openai({ apiKey: secondKey, baseURL: `${server.url}/v1`, name: 'backup' }),
        },
        modelMap: { 'gpt-4o-mini': 'primary' },
        fallbacks: ['backup'],
        instrumentation: openTelemetry({
          tracerProvider: harness.tracerProvider,
          meterProvider: harness.meterProvider,
          captureContent: true,
          providerNames: { primary: 'openai', backup: 'openai' },
          servers: { primary: `${server.url}/v1`, backup: `${server.url}/v1` },
        }),
      });
      const response = await router.complete({ model: 'gpt-4o-mini', messages });
      expect(response.text).toBe(secretAnswer);
      const spans = harness.spans();
      expect(spans).toHaveLength(3);
      const [failed] = spans.filter((span) => span.attributes['llmrouter.attempt.outcome'] === 'error');
      expect(failed!.attributes['error.type']).toBe('auth');
      expect(failed!.attributes['server.address']).toBe('127.0.0.1');
      expect(failed!.attributes['server.port']).toBe(Number(new URL(server.url).port));
      const text = exported(spans);
      expect(text).toContain('NIGHTJAR');
      for (const key of [firstKey, secondKey]) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(key.slice(0, 8));
        expect(text).not.toContain(key.slice(-8));
      }
    } finally {
      await server.close();
    }
  });
});
