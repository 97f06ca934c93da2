import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigFileError } from '../../src/config/config-issue.js';
import { loadRouter, stopOpenTelemetry } from '../../src/config/load-router.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/fake-server/index.js';

// `telemetry: { openTelemetry: true }` with OTEL_TRACES_EXPORTER=otlp over http/json: the spans of a
// router call reach a collector on 127.0.0.1, pointed at by the env given to loadRouter (not process.env).

/** One OTLP/HTTP JSON export as the collector received it. */
interface Export {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    resourceSpans: Array<{
      resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
      scopeSpans: Array<{ spans: Array<{ name: string; traceId: string }> }>;
    }>;
  };
}

let fake: FakeProviderServer;
let collector: Server;
let collectorURL: string;
const received: Export[] = [];

beforeAll(async () => {
  fake = await startFakeProviderServer();
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorURL = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise((resolve) => collector.close(resolve));
});
afterEach(async () => {
  await stopOpenTelemetry();
  trace.disable();
  metrics.disable();
  vi.unstubAllEnvs();
  received.length = 0;
});

function config() {
  return parseConfig(`
providers:
  openai:
    type: openai
    apiKey: \${OPENAI_API_KEY}
    baseURL: ${fake.upstream('otel-otlp').baseURL('openai')}
    models: [gpt-4o-mini]
telemetry:
  openTelemetry: true
`);
}

const otlpEnv = {
  OPENAI_API_KEY: 'sk-otel-otlp',
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_SERVICE_NAME: 'gateway-over-otlp',
};

/** The spans received, flattened, each with its resource's `service.name`. */
function spans() {
  return received.flatMap(({ body }) =>
    body.resourceSpans.flatMap(({ resource, scopeSpans }) => {
      const service = resource.attributes.find(({ key }) => key === 'service.name')?.value.stringValue;
      return scopeSpans.flatMap((scope) => scope.spans.map((span) => ({ ...span, service })));
    }),
  );
}

describe('OpenTelemetry over OTLP/HTTP JSON, configured from the YAML file and OTEL_* variables', () => {
  it('a completion leaves its spans at OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, named and with the headers of env', async () => {
    // process.env points elsewhere: only the env given to loadRouter can bring the spans here.
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:9');
    const { router } = await loadRouter(config(), {
      env: {
        ...otlpEnv,
        OTEL_EXPORTER_OTLP_ENDPOINT: collectorURL,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=col%20key,x-team=ml',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=platform',
      },
    });
    await router.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    // Spans leave in batches: stopping the SDK flushes them.
    await stopOpenTelemetry();

    expect(received.map(({ path }) => path)).toEqual(['/v1/traces']);
    expect(received[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-collector-key': 'col key',
      'x-team': 'platform',
    });
    const sent = spans();
    expect(sent.map(({ name }) => name).sort()).toEqual(['chat gpt-4o-mini', 'router.complete']);
    expect(new Set(sent.map(({ traceId }) => traceId)).size).toBe(1);
    expect(sent.map(({ service }) => service)).toEqual(['gateway-over-otlp', 'gateway-over-otlp']);
    expect(JSON.stringify(received.map(({ body }) => body))).not.toContain('sk-otel-otlp');
  });

  it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is and wins over OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const { router } = await loadRouter(config(), {
      env: {
        ...otlpEnv,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collectorURL}/collector/spans`,
      },
    });
    await router.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    await stopOpenTelemetry();

    expect(received.map(({ path }) => path)).toEqual(['/collector/spans']);
    expect(
      spans()
        .map(({ name }) => name)
        .sort(),
    ).toEqual(['chat gpt-4o-mini', 'router.complete']);
  });

  it.each([
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'collector.internal:4318',
      'OTEL_EXPORTER_OTLP_ENDPOINT is not an http: or https: URL',
    ],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not a URL'],
    [
      'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
      'authorization=Bearer secret-key,%zz',
      'OTEL_EXPORTER_OTLP_TRACES_HEADERS: entry 2 is not a percent-encoded key=value',
    ],
    [
      'OTEL_EXPORTER_OTLP_TIMEOUT',
      'soon',
      'OTEL_EXPORTER_OTLP_TIMEOUT: "soon" is not a number of milliseconds above 0',
    ],
  ])('a malformed %s refuses the configuration without repeating it', async (variable, value, message) => {
    const error = await loadRouter(config(), { env: { ...otlpEnv, [variable]: value } }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as ConfigFileError).issues).toEqual([
      expect.objectContaining({ path: 'telemetry.openTelemetry', message }),
    ]);
    expect(JSON.stringify((error as ConfigFileError).issues)).not.toContain('secret-key');
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  });
});
