import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retry } from '../../src/middleware/retry.js';
import { openai } from '../../src/providers/index.js';
import { combineInstrumentation } from '../../src/router/combine-instrumentation.js';
import { createRouter } from '../../src/router/create-router.js';
import { openTelemetry } from '../../src/telemetry/open-telemetry.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../../src/testing/index.js';
import type { Pricer } from '../../src/types/cost.js';
import type { Instrumentation } from '../../src/types/instrumentation.js';
import { histogramOf, otelHarness } from './otel-harness.js';

const model = 'text-embedding-3-small';
/** A power of two per token, so the expected dollars are exact. */
const pricer: Pricer = ({ usage }) => ({ usd: (usage.inputTokens ?? 0) / 1024 });

let server: FakeProviderServer;
let harness: ReturnType<typeof otelHarness>;
let upstreamCount = 0;
beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(() => server.close());
beforeEach(() => {
  harness = otelHarness();
});
afterEach(async () => {
  await harness.shutdown();
});

/** Two OpenAI keys on fake upstreams of their own, the second a replica of the first's model. */
function replicas() {
  const primary = server.upstream(`embed-primary-${++upstreamCount}`);
  const replica = server.upstream(`embed-replica-${upstreamCount}`);
  const providers = {
    openai: openai({ apiKey: 'sk-primary', baseURL: primary.baseURL('openai') }),
    'openai-eu': openai({ apiKey: 'sk-replica', baseURL: replica.baseURL('openai') }),
  };
  // The adapter's model list has no embedding model: the map sends it to the primary key.
  const modelMap = { [model]: { provider: 'openai', model } };
  return { primary, replica, providers, modelMap };
}

function attemptSpans(spans: ReadableSpan[]): ReadableSpan[] {
  return spans
    .filter((span) => span.kind === SpanKind.CLIENT)
    .sort(
      (left, right) =>
        Number(left.attributes['llmrouter.attempt.ordinal']) -
        Number(right.attributes['llmrouter.attempt.ordinal']),
    );
}

/** Each data point as [attributes, value], value being the count for histograms. */
function points(metric: MetricData | undefined): [Record<string, unknown>, number][] {
  if (!metric) throw new Error('metric not recorded');
  return metric.dataPoints.map((point) => [
    point.attributes,
    metric.dataPointType === DataPointType.HISTOGRAM ? histogramOf(point).count : (point.value as number),
  ]);
}

describe('openTelemetry on router.embed', () => {
  it('a retry and a fallback to a replica: one router.embed span over three embeddings spans', async () => {
    const { primary, replica, providers, modelMap } = replicas();
    primary.enqueue(faults.overloaded(), faults.status(500));
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
      conventions: 'latest',
      providerNames: { 'openai-eu': 'openai' },
      servers: { 'openai-eu': replica.baseURL('openai') },
    });
    const router = createRouter({
      providers,
      modelMap,
      embeddingReplicas: { [model]: ['openai-eu'] },
      middleware: [retry({ attempts: 2, baseDelayMs: 0 })],
      instrumentation: telemetry,
      pricer,
    });

    const response = await router.embed({ model, input: ['alpha', 'beta'], dimensions: 3 });
    expect(response.provider).toBe('openai-eu');
    expect(response.usage.inputTokens).toBe(3);

    const spans = harness.spans();
    expect(spans).toHaveLength(4);
    const parent = spans.find((span) => span.name === 'router.embed')!;
    expect(parent.kind).toBe(SpanKind.INTERNAL);
    expect(parent.status.code).toBe(SpanStatusCode.UNSET);
    expect(parent.attributes).toEqual({
      'llmrouter.operation': 'embed',
      'llmrouter.request.model': model,
      'llmrouter.attempts': 3,
      'llmrouter.retries': 1,
      'llmrouter.fallback_used': true,
      'llmrouter.served_by.provider': 'openai-eu',
      'llmrouter.served_by.model': model,
      'llmrouter.cost.usd': 3 / 1024,
    });

    const attempts = attemptSpans(spans);
    expect(attempts.map((span) => span.name)).toEqual([
      `embeddings ${model}`,
      `embeddings ${model}`,
      `embeddings ${model}`,
    ]);
    for (const span of attempts) {
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    }
    const identity = {
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
      'gen_ai.embeddings.dimension.count': 3,
    };
    expect(attempts[0]!.attributes).toEqual({
      ...identity,
      'llmrouter.provider': 'openai',
      'llmrouter.attempt.ordinal': 1,
      'llmrouter.attempt.reason': 'primary',
      'llmrouter.attempt.outcome': 'error',
      'error.type': 'overloaded',
      'http.response.status_code': 503,
    });
    expect(attempts[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[1]!.attributes).toMatchObject({
      'llmrouter.attempt.reason': 'retry',
      'error.type': 'server',
      'http.response.status_code': 500,
    });
    const port = Number(new URL(replica.baseURL('openai')).port);
    expect(attempts[2]!.attributes).toEqual({
      ...identity,
      'server.address': '127.0.0.1',
      'server.port': port,
      'llmrouter.provider': 'openai-eu',
      'llmrouter.attempt.ordinal': 3,
      'llmrouter.attempt.reason': 'fallback',
      'llmrouter.attempt.outcome': 'success',
      'gen_ai.response.model': model,
      'gen_ai.usage.input_tokens': 3,
      'llmrouter.cost.usd': 3 / 1024,
    });
    expect(attempts[2]!.status.code).toBe(SpanStatusCode.UNSET);
    // No chat-only attributes leak onto an embedding span: nothing is streamed or generated.
    for (const span of attempts) {
      expect(Object.keys(span.attributes).filter((key) => /stream|output|finish|chunk/.test(key))).toEqual(
        [],
      );
    }
  });

  it('counts embedding attempts, tokens, retries, fallbacks, cost and call duration in the metrics', async () => {
    const { primary, providers, modelMap } = replicas();
    primary.enqueue(faults.overloaded(), faults.overloaded());
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
      conventions: 'v1.36',
      providerNames: { 'openai-eu': 'openai' },
    });
    const router = createRouter({
      providers,
      modelMap,
      embeddingReplicas: { [model]: ['openai-eu'] },
      middleware: [retry({ attempts: 2, baseDelayMs: 0 })],
      instrumentation: telemetry,
      pricer,
    });
    await router.embed({ model, input: 'alpha' });
    const metrics = await harness.metrics();

    const genAi = {
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': model,
    };
    expect(points(metrics.get('gen_ai.client.operation.duration'))).toEqual([
      [{ ...genAi, 'error.type': 'overloaded' }, 2],
      [{ ...genAi, 'gen_ai.response.model': model }, 1],
    ]);
    // Input tokens only: an embedding generates none, so no output point is made up.
    expect(points(metrics.get('gen_ai.client.token.usage'))).toEqual([
      [{ ...genAi, 'gen_ai.response.model': model, 'gen_ai.token.type': 'input' }, 1],
    ]);
    expect(histogramOf(metrics.get('gen_ai.client.token.usage')!.dataPoints[0]!).sum).toBe(2);
    expect(points(metrics.get('llmrouter.attempts'))).toEqual([
      [
        {
          'llmrouter.provider': 'openai',
          'llmrouter.model': model,
          'llmrouter.attempt.reason': 'primary',
          'llmrouter.attempt.outcome': 'error',
          'error.type': 'overloaded',
        },
        1,
      ],
      [
        {
          'llmrouter.provider': 'openai',
          'llmrouter.model': model,
          'llmrouter.attempt.reason': 'retry',
          'llmrouter.attempt.outcome': 'error',
          'error.type': 'overloaded',
        },
        1,
      ],
      [
        {
          'llmrouter.provider': 'openai-eu',
          'llmrouter.model': model,
          'llmrouter.attempt.reason': 'fallback',
          'llmrouter.attempt.outcome': 'success',
        },
        1,
      ],
    ]);
    expect(points(metrics.get('llmrouter.retries'))).toEqual([
      [{ 'llmrouter.provider': 'openai', 'llmrouter.model': model, 'error.type': 'overloaded' }, 1],
    ]);
    expect(points(metrics.get('llmrouter.fallbacks'))).toEqual([
      [
        {
          'llmrouter.fallback.to': 'openai-eu',
          'llmrouter.fallback.from': 'openai',
          'error.type': 'overloaded',
        },
        1,
      ],
    ]);
    expect(points(metrics.get('llmrouter.cost'))).toEqual([
      [{ 'llmrouter.provider': 'openai-eu', 'llmrouter.model': model }, 2 / 1024],
    ]);
    expect(points(metrics.get('llmrouter.call.duration'))).toEqual([
      [
        {
          'llmrouter.operation': 'embed',
          'llmrouter.request.model': model,
          'llmrouter.outcome': 'success',
          'llmrouter.served_by.provider': 'openai-eu',
        },
        1,
      ],
    ]);
  });

  it('a call that fails everywhere ends its span in error with the kind, and counts the failure', async () => {
    const { primary, replica, providers, modelMap } = replicas();
    primary.enqueue(faults.status(401));
    replica.enqueue(faults.status(400, { message: 'input too long' }));
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const router = createRouter({
      providers,
      modelMap,
      embeddingReplicas: { [model]: ['openai-eu'] },
      instrumentation: telemetry,
    });
    const error = await router.embed({ model, input: 'x' }).catch((thrown) => thrown);
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });

    const parent = harness.spans().find((span) => span.name === 'router.embed')!;
    expect(parent.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(parent.attributes).toMatchObject({
      'error.type': 'bad_request',
      'llmrouter.attempts': 2,
      'llmrouter.fallback_used': true,
    });
    expect(parent.attributes['llmrouter.served_by.provider']).toBeUndefined();
    expect(attemptSpans(harness.spans()).map((span) => span.attributes['error.type'])).toEqual([
      'auth',
      'bad_request',
    ]);
    // Neither key reaches a span.
    expect(JSON.stringify(harness.spans().map((span) => span.attributes))).not.toMatch(
      /sk-primary|sk-replica/,
    );
    const metrics = await harness.metrics();
    expect(points(metrics.get('llmrouter.call.duration'))).toEqual([
      [
        {
          'llmrouter.operation': 'embed',
          'llmrouter.request.model': model,
          'llmrouter.outcome': 'error',
          'error.type': 'bad_request',
        },
        1,
      ],
    ]);
  });

  it('combined with an instrumentation that observes completions only, embedding calls reach just the other', async () => {
    const { providers, modelMap } = replicas();
    const completionsOnly: string[] = [];
    const logger: Instrumentation = {
      startCall: ({ operation, request }) => {
        completionsOnly.push(`${operation} ${request.messages.length}`);
        return undefined;
      },
    };
    const telemetry = openTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const router = createRouter({ providers, modelMap, instrumentation: [logger, telemetry] });
    await router.embed({ model, input: 'x' });
    await router.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(completionsOnly).toEqual(['complete 1']);
    expect(
      harness
        .spans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['chat gpt-4o-mini', `embeddings ${model}`, 'router.complete', 'router.embed']);
    // And combining keeps `startEmbedding` off when no member has it.
    expect(combineInstrumentation([logger, logger]).startEmbedding).toBeUndefined();
  });
});
