import { createRequire } from 'node:module';
import { metrics, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigFileError } from '../../src/config/config-issue.js';
import { loadRouter, stopOpenTelemetry } from '../../src/config/load-router.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/fake-server/index.js';

// `telemetry: { openTelemetry: true }` in the YAML starts the SDK from the standard OTEL_* environment
// and registers it globally; each test stops it and clears the globals again.
let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await startFakeProviderServer();
});
afterAll(() => fake.close());
afterEach(async () => {
  await stopOpenTelemetry();
  trace.disable();
  metrics.disable();
  vi.restoreAllMocks();
});

function config() {
  return parseConfig(`
providers:
  openai:
    type: openai
    apiKey: \${OPENAI_API_KEY}
    baseURL: ${fake.upstream('otel-config').baseURL('openai')}
    models: [gpt-4o-mini]
modelMap:
  small-embedding: { provider: openai, model: text-embedding-3-small }
telemetry:
  openTelemetry: true
`);
}

/** Whether a package resolves from here (the OTLP exporters are optional peers; only some are dev dependencies). */
function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

describe('OpenTelemetry configured from the YAML file and OTEL_* variables', () => {
  it('OTEL_TRACES_EXPORTER=console: a completion and an embedding leave their spans, named by OTEL_SERVICE_NAME', async () => {
    const printed: Array<{ name: string; resource: { attributes: Record<string, unknown> } }> = [];
    vi.spyOn(console, 'dir').mockImplementation((value) => {
      printed.push(value as (typeof printed)[number]);
    });
    const { router } = await loadRouter(config(), {
      env: {
        OPENAI_API_KEY: 'sk-otel-config',
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_SERVICE_NAME: 'gateway-under-test',
        OTEL_RESOURCE_ATTRIBUTES:
          'deployment.environment=staging, team=ml%2Cplatform,service.name=overridden',
      },
    });
    await router.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    await router.embed({ model: 'small-embedding', input: 'Hello' });
    // Spans leave in batches: stopping the SDK flushes the last one.
    await stopOpenTelemetry();

    expect(printed.map((span) => span.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'embeddings text-embedding-3-small',
      'router.complete',
      'router.embed',
    ]);
    for (const span of printed) {
      expect(span.resource.attributes).toMatchObject({
        'service.name': 'gateway-under-test',
        'deployment.environment': 'staging',
        team: 'ml,platform',
        'telemetry.sdk.language': 'nodejs',
      });
    }
    expect(JSON.stringify(printed)).not.toContain('sk-otel-config');
  });

  it('a malformed OTEL_RESOURCE_ATTRIBUTES refuses the configuration instead of dropping the names', async () => {
    const error = await loadRouter(config(), {
      env: {
        OPENAI_API_KEY: 'sk-otel-config',
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_RESOURCE_ATTRIBUTES: 'team=ml,region',
      },
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as ConfigFileError).issues).toEqual([
      expect.objectContaining({
        path: 'telemetry.openTelemetry',
        message:
          'OTEL_RESOURCE_ATTRIBUTES: "region" is not key=value (percent-encode "," and "=" in keys and values)',
      }),
    ]);
    // Nothing was registered: the process still has the API's no-op tracer.
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  });

  // The OTLP trace exporter for http/json is a dev dependency; the metrics one for http/protobuf (the
  // default protocol) is not, so this runs here and stands for any exporter package a user lacks.
  it.skipIf(installed('@opentelemetry/exporter-metrics-otlp-proto'))(
    'an OTLP exporter package not installed is a configuration error naming it, and leaves nothing registered',
    async () => {
      const env = {
        OPENAI_API_KEY: 'sk-otel-config',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      };
      const error = await loadRouter(config(), { env }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ConfigFileError);
      expect((error as ConfigFileError).issues).toEqual([
        expect.objectContaining({
          path: 'telemetry.openTelemetry',
          message:
            'needs the package @opentelemetry/exporter-metrics-otlp-proto, which is not installed: npm install @opentelemetry/exporter-metrics-otlp-proto',
        }),
      ]);
      // The trace exporter was there, but no half of the SDK stays registered...
      expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
      // ...so the next load, without the metrics exporter, starts one.
      await loadRouter(config(), { env: { ...env, OTEL_METRICS_EXPORTER: 'none' } });
      expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(true);
    },
  );
});
