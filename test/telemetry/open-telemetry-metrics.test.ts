import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker } from '../../src/middleware/circuit-breaker.js';
import { retry } from '../../src/middleware/retry.js';
import { createRouter } from '../../src/router/create-router.js';
import { DURATION_BUCKETS_SECONDS, TOKEN_BUCKETS } from '../../src/telemetry/gen-ai-names.js';
import { openTelemetry } from '../../src/telemetry/open-telemetry.js';
import { MockProvider, mockStep } from '../../src/testing/index.js';
import type { Pricer } from '../../src/types/cost.js';
import { histogramOf, otelHarness } from './otel-harness.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const pricer: Pricer = ({ usage }) => ({ usd: (usage.outputTokens ?? 0) / 4 });

let harness: ReturnType<typeof otelHarness>;
beforeEach(() => {
  harness = otelHarness();
});
afterEach(async () => {
  vi.useRealTimers();
  await harness.shutdown();
});

/** Each data point as [attributes, value], value being the count for histograms. */
function points(metric: MetricData | undefined): [Record<string, unknown>, number][] {
  if (!metric) throw new Error('metric not recorded');
  return metric.dataPoints.map((point) => [
    point.attributes,
    metric.dataPointType === DataPointType.HISTOGRAM ? histogramOf(point).count : (point.value as number),
  ]);
}

describe('openTelemetry metrics', () => {
  it('records GenAI and router metrics with the right names, units, attributes and buckets', async () => {
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
      conventions: 'latest',
      providerNames: { a: 'openai', b: 'anthropic' },
    });
    const router = createRouter({
      providers: {
        a: new MockProvider({
          name: 'a',
          models: ['ma'],
          script: [mockStep.error({ status: 503 }), mockStep.error({ status: 500 })],
        }),
        b: new MockProvider({
          name: 'b',
          models: ['mb'],
          script: [mockStep.reply('ok', { usage: { inputTokens: 100, outputTokens: 20 } })],
        }),
      },
      fallbacks: ['b'],
      middleware: [
        retry({ attempts: 2, baseDelayMs: 0 }),
        // Wired both ways on purpose: each breaker change must still count once.
        circuitBreaker({ failureThreshold: 2, onStateChange: telemetry.onCircuitStateChange }),
      ],
      instrumentation: telemetry,
      hooks: telemetry.hooks,
      pricer,
    });
    await router.complete({ model: 'ma', messages });
    const metrics = await harness.metrics();

    const duration = metrics.get('gen_ai.client.operation.duration')!;
    expect(duration.descriptor).toMatchObject({ unit: 's', description: 'GenAI operation duration.' });
    expect(duration.dataPointType).toBe(DataPointType.HISTOGRAM);
    const genAi = (provider: string, model: string) => ({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': provider,
      'gen_ai.request.model': model,
    });
    expect(points(duration)).toEqual([
      [{ ...genAi('openai', 'ma'), 'error.type': 'overloaded' }, 1],
      [{ ...genAi('openai', 'ma'), 'error.type': 'server' }, 1],
      [{ ...genAi('anthropic', 'mb'), 'gen_ai.response.model': 'mb' }, 1],
    ]);
    for (const point of duration.dataPoints) {
      expect(histogramOf(point).buckets.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
    }

    const tokens = metrics.get('gen_ai.client.token.usage')!;
    expect(tokens.descriptor.unit).toBe('{token}');
    expect(
      tokens.dataPoints.map((point) => [
        point.attributes['gen_ai.token.type'],
        histogramOf(point).sum,
        histogramOf(point).count,
      ]),
    ).toEqual([
      ['input', 100, 1],
      ['output', 20, 1],
    ]);
    expect(tokens.dataPoints[0]!.attributes).toEqual({
      ...genAi('anthropic', 'mb'),
      'gen_ai.response.model': 'mb',
      'gen_ai.token.type': 'input',
    });
    expect(histogramOf(tokens.dataPoints[0]!).buckets.boundaries).toEqual(TOKEN_BUCKETS);

    // A non-streaming call has no chunks to time.
    expect(metrics.get('gen_ai.client.operation.time_to_first_chunk')?.dataPoints ?? []).toEqual([]);

    expect(metrics.get('llmrouter.attempts')!.descriptor.unit).toBe('{attempt}');
    expect(points(metrics.get('llmrouter.attempts'))).toEqual([
      [
        {
          'llmrouter.provider': 'a',
          'llmrouter.model': 'ma',
          'llmrouter.attempt.reason': 'primary',
          'llmrouter.attempt.outcome': 'error',
          'error.type': 'overloaded',
        },
        1,
      ],
      [
        {
          'llmrouter.provider': 'a',
          'llmrouter.model': 'ma',
          'llmrouter.attempt.reason': 'retry',
          'llmrouter.attempt.outcome': 'error',
          'error.type': 'server',
        },
        1,
      ],
      [
        {
          'llmrouter.provider': 'b',
          'llmrouter.model': 'mb',
          'llmrouter.attempt.reason': 'fallback',
          'llmrouter.attempt.outcome': 'success',
        },
        1,
      ],
    ]);
    expect(points(metrics.get('llmrouter.retries'))).toEqual([
      [{ 'llmrouter.provider': 'a', 'llmrouter.model': 'ma', 'error.type': 'overloaded' }, 1],
    ]);
    expect(points(metrics.get('llmrouter.fallbacks'))).toEqual([
      [{ 'llmrouter.fallback.from': 'a', 'llmrouter.fallback.to': 'b', 'error.type': 'server' }, 1],
    ]);
    expect(metrics.get('llmrouter.cost')!.descriptor.unit).toBe('{USD}');
    expect(points(metrics.get('llmrouter.cost'))).toEqual([
      [{ 'llmrouter.provider': 'b', 'llmrouter.model': 'mb' }, 5],
    ]);
    expect(points(metrics.get('llmrouter.call.duration'))).toEqual([
      [
        {
          'llmrouter.operation': 'complete',
          'llmrouter.request.model': 'ma',
          'llmrouter.outcome': 'success',
          'llmrouter.served_by.provider': 'b',
        },
        1,
      ],
    ]);
    expect(points(metrics.get('llmrouter.circuit_breaker.state'))).toEqual([
      [{ 'llmrouter.provider': 'a', 'llmrouter.model': '*', 'llmrouter.circuit_breaker.state': 'closed' }, 0],
      [{ 'llmrouter.provider': 'a', 'llmrouter.model': '*', 'llmrouter.circuit_breaker.state': 'open' }, 1],
      [
        { 'llmrouter.provider': 'a', 'llmrouter.model': '*', 'llmrouter.circuit_breaker.state': 'half-open' },
        0,
      ],
    ]);
    expect(points(metrics.get('llmrouter.circuit_breaker.transitions'))).toEqual([
      [
        {
          'llmrouter.provider': 'a',
          'llmrouter.model': '*',
          'llmrouter.circuit_breaker.from': 'closed',
          'llmrouter.circuit_breaker.to': 'open',
        },
        1,
      ],
    ]);
  });

  it('records time to first chunk for streams, with the conventions buckets', async () => {
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const router = createRouter({
      providers: {
        s: new MockProvider({
          name: 's',
          models: ['ms'],
          script: [mockStep.reply('one two', { delayMs: 5 })],
        }),
      },
      instrumentation: telemetry,
    });
    await router.stream({ model: 'ms', messages }).response;
    const metric = (await harness.metrics()).get('gen_ai.client.operation.time_to_first_chunk')!;
    expect(metric.descriptor.unit).toBe('s');
    expect(metric.dataPoints).toHaveLength(1);
    const point = metric.dataPoints[0]!;
    expect(point.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 's',
      'gen_ai.request.model': 'ms',
    });
    expect(histogramOf(point).count).toBe(1);
    expect(histogramOf(point).sum).toBeGreaterThanOrEqual(0.003);
    expect(histogramOf(point).buckets.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
  });

  it('records the time per output chunk for every chunk after the first once chunks are reported', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const request = { model: 'ms', messages };
    const call = telemetry.startCall({ operation: 'stream', request })!;
    const attempt = call.attemptStarted!({
      ordinal: 1,
      provider: 's',
      model: 'ms',
      reason: 'primary',
      request,
    }) as {
      chunk(): void;
      ended?(...args: unknown[]): void;
    };
    attempt.chunk();
    vi.advanceTimersByTime(10);
    attempt.chunk();
    vi.advanceTimersByTime(20);
    attempt.chunk();
    attempt.ended!(
      {
        ordinal: 1,
        provider: 's',
        model: 'ms',
        reason: 'primary',
        outcome: 'success',
        startedAt: 0,
        latencyMs: 30,
      },
      { responseModel: 'ms', finishReason: { unified: 'stop', raw: 'stop' } },
    );
    const metric = (await harness.metrics()).get('gen_ai.client.operation.time_per_output_chunk')!;
    expect(metric.descriptor.unit).toBe('s');
    const value = histogramOf(metric.dataPoints[0]!);
    expect(value.count).toBe(2);
    expect(value.sum).toBeCloseTo(0.03, 9);
    expect(value.min).toBeCloseTo(0.01, 9);
    expect(value.max).toBeCloseTo(0.02, 9);
  });
});
