import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { circuitBreaker } from '../../src/middleware/circuit-breaker.js';
import { retry } from '../../src/middleware/retry.js';
import { createRouter } from '../../src/router/create-router.js';
import { openTelemetry } from '../../src/telemetry/open-telemetry.js';
import { MockProvider, mockStep } from '../../src/testing/index.js';
import type { Pricer } from '../../src/types/cost.js';
import { otelHarness } from './otel-harness.js';

const messages = [{ role: 'user' as const, content: 'Summarise the quarterly report' }];
/** Prices in powers of two so the expected dollars are exact. */
const pricer: Pricer = ({ usage }) => ({
  usd: ((usage.inputTokens ?? 0) + 2 * (usage.outputTokens ?? 0)) / 1024,
});

let harness: ReturnType<typeof otelHarness>;
beforeEach(() => {
  harness = otelHarness();
});
afterEach(async () => {
  await harness.shutdown();
});

function attemptSpans(spans: ReadableSpan[]): ReadableSpan[] {
  return spans
    .filter((span) => span.kind === SpanKind.CLIENT)
    .sort(
      (left, right) =>
        Number(left.attributes['llmrouter.attempt.ordinal']) -
        Number(right.attributes['llmrouter.attempt.ordinal']),
    );
}

describe('openTelemetry traces', () => {
  it('a call with two retries and a fallback gives one parent span and four attempt spans', async () => {
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
      conventions: 'latest',
      providerNames: { a: 'openai', b: 'anthropic' },
      servers: { b: 'https://api.anthropic.com/v1' },
    });
    const router = createRouter({
      providers: {
        a: new MockProvider({
          name: 'a',
          models: ['ma'],
          script: [
            mockStep.error({ status: 503 }),
            mockStep.error({ status: 500 }),
            mockStep.error({ status: 503 }),
          ],
        }),
        b: new MockProvider({
          name: 'b',
          models: ['mb'],
          script: [
            mockStep.reply('Revenue grew.', {
              usage: {
                inputTokens: 1200,
                cachedInputTokens: 1000,
                cacheWriteTokens: 50,
                outputTokens: 300,
                reasoningTokens: 120,
              },
            }),
          ],
        }),
      },
      fallbacks: ['b'],
      middleware: [retry({ attempts: 3, baseDelayMs: 0 })],
      instrumentation: telemetry,
      pricer,
    });

    const response = await router.complete({
      model: 'ma',
      messages,
      temperature: 0.3,
      maxTokens: 400,
      topP: 0.9,
    });
    expect(response.provider).toBe('b');

    const spans = harness.spans();
    expect(spans).toHaveLength(5);
    const parent = spans.find((span) => span.name === 'router.complete')!;
    const attempts = attemptSpans(spans);
    expect(parent.kind).toBe(SpanKind.INTERNAL);
    expect(parent.status.code).toBe(SpanStatusCode.UNSET);
    expect(parent.attributes).toEqual({
      'llmrouter.operation': 'complete',
      'llmrouter.request.model': 'ma',
      'llmrouter.attempts': 4,
      'llmrouter.retries': 2,
      'llmrouter.fallback_used': true,
      'llmrouter.served_by.provider': 'b',
      'llmrouter.served_by.model': 'mb',
      'llmrouter.cost.usd': 1.7578125,
    });

    expect(attempts.map((span) => span.name)).toEqual(['chat ma', 'chat ma', 'chat ma', 'chat mb']);
    for (const span of attempts) {
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    }
    expect(
      attempts.map((span) => [
        span.attributes['llmrouter.attempt.ordinal'],
        span.attributes['llmrouter.attempt.reason'],
        span.attributes['error.type'],
        span.attributes['http.response.status_code'],
        span.status.code,
      ]),
    ).toEqual([
      [1, 'primary', 'overloaded', 503, SpanStatusCode.ERROR],
      [2, 'retry', 'server', 500, SpanStatusCode.ERROR],
      [3, 'retry', 'overloaded', 503, SpanStatusCode.ERROR],
      [4, 'fallback', undefined, undefined, SpanStatusCode.UNSET],
    ]);
    expect(attempts[0]!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'ma',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.max_tokens': 400,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stream': false,
      'llmrouter.provider': 'a',
      'llmrouter.attempt.ordinal': 1,
      'llmrouter.attempt.reason': 'primary',
      'llmrouter.attempt.outcome': 'error',
      'error.type': 'overloaded',
      'http.response.status_code': 503,
    });
    expect(attempts[3]!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'mb',
      'server.address': 'api.anthropic.com',
      'server.port': 443,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.max_tokens': 400,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stream': false,
      'llmrouter.provider': 'b',
      'llmrouter.attempt.ordinal': 4,
      'llmrouter.attempt.reason': 'fallback',
      'llmrouter.attempt.outcome': 'success',
      'gen_ai.response.model': 'mb',
      'gen_ai.response.id': response.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 50,
      'gen_ai.usage.reasoning.output_tokens': 120,
      'llmrouter.cost.usd': 1.7578125,
    });
  });

  it('a failed call marks the parent span with the error kind', async () => {
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const router = createRouter({
      providers: {
        a: new MockProvider({
          name: 'a',
          models: ['ma'],
          script: [mockStep.error({ status: 400, message: 'bad field' })],
        }),
      },
      instrumentation: telemetry,
    });
    await expect(router.complete({ model: 'ma', messages })).rejects.toThrow('bad field');
    const parent = harness.spans().find((span) => span.name === 'router.complete')!;
    expect(parent.status).toEqual({ code: SpanStatusCode.ERROR, message: 'a 400: bad field' });
    expect(parent.attributes['error.type']).toBe('bad_request');
    expect(parent.attributes['llmrouter.attempts']).toBe(1);
    expect(parent.attributes['llmrouter.served_by.provider']).toBeUndefined();
  });

  it('a stream span records time to first chunk, after a failed attempt that never delivered', async () => {
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const router = createRouter({
      providers: {
        a: new MockProvider({
          name: 'a',
          models: ['ma'],
          script: [mockStep.error({ status: 503 }), mockStep.reply('one two three', { delayMs: 5 })],
        }),
      },
      middleware: [retry({ attempts: 2, baseDelayMs: 0 })],
      instrumentation: telemetry,
    });
    const text: string[] = [];
    for await (const part of router.stream({ model: 'ma', messages })) {
      if (part.type === 'text-delta') text.push(part.text);
    }
    expect(text.join('')).toBe('one two three');

    const spans = harness.spans();
    const parent = spans.find((span) => span.name === 'router.stream')!;
    expect(parent.attributes['llmrouter.operation']).toBe('stream');
    const [failed, served] = attemptSpans(spans);
    expect(failed!.attributes['gen_ai.response.time_to_first_chunk']).toBeUndefined();
    expect(served!.attributes['gen_ai.request.stream']).toBe(true);
    const timeToFirstChunk = served!.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(timeToFirstChunk).toBeGreaterThanOrEqual(0.003);
    const durationSeconds = served!.duration[0] + served!.duration[1] / 1e9;
    // Two clocks: the router's performance.now() and the span's own start and end times, each rounded its
    // own way. A few milliseconds of tolerance keeps that rounding from failing a check about ordering.
    expect(timeToFirstChunk).toBeLessThanOrEqual(durationSeconds + 0.005);
  });

  it('a target skipped by an open breaker is an event on the parent, not a span', async () => {
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const router = createRouter({
      providers: {
        a: new MockProvider({ name: 'a', models: ['ma'], fallback: mockStep.error({ status: 500 }) }),
        b: new MockProvider({ name: 'b', models: ['mb'] }),
      },
      fallbacks: ['b'],
      middleware: [circuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 })],
      instrumentation: telemetry,
    });
    await router.complete({ model: 'ma', messages });
    const firstCall = harness.spans().length;
    await router.complete({ model: 'ma', messages });

    const secondCall = harness.spans().slice(firstCall);
    expect(secondCall.map((span) => span.name).sort()).toEqual(['chat mb', 'router.complete']);
    const parent = secondCall.find((span) => span.name === 'router.complete')!;
    expect(parent.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'llmrouter.target_skipped',
        {
          'llmrouter.provider': 'a',
          'llmrouter.model': 'ma',
          'llmrouter.attempt.ordinal': 1,
          'llmrouter.attempt.reason': 'primary',
          'error.type': 'circuit_open',
        },
      ],
    ]);
    expect(parent.attributes).toMatchObject({ 'llmrouter.attempts': 1, 'llmrouter.fallback_used': true });
  });

  it('emits gen_ai.system by default and gen_ai.provider.name only with the latest conventions', async () => {
    const run = async (conventions?: 'v1.36' | 'latest') => {
      const local = otelHarness();
      const router = createRouter({
        providers: { xai: new MockProvider({ name: 'xai', models: ['grok'] }) },
        instrumentation: openTelemetry({
          tracerProvider: local.tracerProvider,
          meterProvider: local.meterProvider,
          conventions,
        }),
      });
      await router.complete({ model: 'grok', messages });
      const [attempt] = attemptSpans(local.spans());
      await local.shutdown();
      return attempt!.attributes;
    };
    const v136 = await run('v1.36');
    expect(v136['gen_ai.system']).toBe('xai');
    expect('gen_ai.provider.name' in v136).toBe(false);
    const latest = await run('latest');
    expect(latest['gen_ai.provider.name']).toBe('x_ai');
    expect('gen_ai.system' in latest).toBe(false);
  });
});

describe('openTelemetry without an SDK', () => {
  it('steps aside after one no-op span, so the router skips every attempt callback', () => {
    const telemetry = openTelemetry();
    expect(telemetry.startCall({ operation: 'complete', request: { model: 'm', messages } })).toBeUndefined();
  });

  it('still records metrics when only a meter provider is installed', async () => {
    const local = otelHarness();
    const telemetry = openTelemetry({ meterProvider: local.meterProvider });
    const router = createRouter({
      providers: { p: new MockProvider({ name: 'p', models: ['m'] }) },
      instrumentation: telemetry,
    });
    await router.complete({ model: 'm', messages });
    const metrics = await local.metrics();
    expect(metrics.get('gen_ai.client.operation.duration')?.dataPoints).toHaveLength(1);
    expect(local.spans()).toEqual([]);
    await local.shutdown();
  });
});
