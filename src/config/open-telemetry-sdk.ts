import {
  type MeterProvider,
  metrics,
  ProxyTracerProvider,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { ConfigFileError } from './config-issue.js';
import { otlpHttpExporterOptions } from './otlp-exporter-options.js';

/** What a started SDK can still do: flush and stop, at shutdown. */
export interface OpenTelemetrySdk {
  /** Which exporters it started, as `OTEL_*` chose them (`traces: ['console']`). */
  readonly exporters: { traces: readonly string[]; metrics: readonly string[] };
  shutdown(): Promise<void>;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The exporter package per OTLP protocol, for traces and for metrics. */
const otlpPackages = {
  traces: {
    'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
    'http/json': '@opentelemetry/exporter-trace-otlp-http',
    grpc: '@opentelemetry/exporter-trace-otlp-grpc',
  },
  metrics: {
    'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto',
    'http/json': '@opentelemetry/exporter-metrics-otlp-http',
    grpc: '@opentelemetry/exporter-metrics-otlp-grpc',
  },
} as const;

type Signal = keyof typeof otlpPackages;
type Protocol = keyof (typeof otlpPackages)['traces'];

/**
 * Starts an OpenTelemetry SDK for the gateway from the standard environment, unless the process already
 * registered one (`node --import @opentelemetry/auto-instrumentations-node/register ...`) or
 * `OTEL_SDK_DISABLED=true`. `OTEL_TRACES_EXPORTER` and `OTEL_METRICS_EXPORTER` pick the exporters
 * (`otlp`, the default, `console` or `none`, comma-separated); the OTLP protocol comes from
 * `OTEL_EXPORTER_OTLP_[TRACES_|METRICS_]PROTOCOL` (`http/protobuf` by default, `http/json`, `grpc`). The
 * HTTP exporters get their endpoint, headers and timeout from `env` too (see
 * {@link otlpHttpExporterOptions}); the gRPC one reads its own from the process environment.
 * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` (from `env`, see {@link resourceAttributes}) name the
 * resource; `OTEL_METRIC_EXPORT_INTERVAL` sets how often metrics
 * leave (default 60 s).
 *
 * The SDK packages are optional peers, loaded only here: `@opentelemetry/sdk-trace-base`,
 * `@opentelemetry/sdk-metrics`, `@opentelemetry/resources`, plus the OTLP exporter of the chosen protocol.
 * One that is not installed is a `ConfigFileError` at `telemetry.openTelemetry` naming the package.
 */
export async function startOpenTelemetrySdk(env: Environment): Promise<OpenTelemetrySdk | undefined> {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const tracerProvider = trace.getTracerProvider();
  if (tracerProvider instanceof ProxyTracerProvider && tracerProvider.getDelegateTracer('probe')) {
    return undefined;
  }
  const traces = exporterNames(env.OTEL_TRACES_EXPORTER);
  const metricExporters = exporterNames(env.OTEL_METRICS_EXPORTER);
  const [traceBase, metricsSdk, resources] = await Promise.all([
    traces.length > 0 ? load<TraceSdk>('@opentelemetry/sdk-trace-base') : undefined,
    metricExporters.length > 0 ? load<MetricsSdk>('@opentelemetry/sdk-metrics') : undefined,
    traces.length + metricExporters.length > 0 ? load<ResourcesSdk>('@opentelemetry/resources') : undefined,
  ]);
  if (!resources) return undefined;
  // From `env`, not the SDK's own detector, which reads process.env: the variables that choose the
  // exporters and the ones that name the service must come from the same place.
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes(resourceAttributes(env)));
  // Every exporter first, registering nothing until all are there: a start that fails half-way would
  // leave a tracer provider registered that the next start takes for the process's own and keeps.
  const spanExporters = traceBase
    ? await exportersOf('traces', traces, env, () => new traceBase.ConsoleSpanExporter())
    : [];
  const metricExporterInstances = metricsSdk
    ? await exportersOf('metrics', metricExporters, env, () => new metricsSdk.ConsoleMetricExporter())
    : [];
  const stops: Array<() => Promise<void>> = [];
  if (traceBase) {
    const spanProcessors = spanExporters.map((exporter) => new traceBase.BatchSpanProcessor(exporter));
    const provider = new traceBase.BasicTracerProvider({ resource, spanProcessors });
    trace.setGlobalTracerProvider(provider);
    stops.push(() => provider.shutdown());
  }
  if (metricsSdk) {
    const exportIntervalMillis = Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000;
    const readers = metricExporterInstances.map(
      (exporter) => new metricsSdk.PeriodicExportingMetricReader({ exporter, exportIntervalMillis }),
    );
    const provider = new metricsSdk.MeterProvider({ resource, readers });
    metrics.setGlobalMeterProvider(provider);
    stops.push(() => provider.shutdown());
  }
  return {
    exporters: { traces, metrics: metricExporters },
    async shutdown() {
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
}

/**
 * The resource attributes `env` sets, as the specification reads them: `OTEL_RESOURCE_ATTRIBUTES` is
 * `key=value` pairs separated by commas, percent-encoded; `OTEL_SERVICE_NAME` wins over a `service.name`
 * there. A malformed entry is a `ConfigFileError` (the SDK's own detector drops them all silently, which
 * would leave the gateway's traces unnamed without a word).
 */
export function resourceAttributes(env: Environment): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const entry of (env.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    const key = parts[0]?.trim() ?? '';
    if (parts.length !== 2 || key === '') {
      throw sdkError(
        `OTEL_RESOURCE_ATTRIBUTES: "${entry}" is not key=value (percent-encode "," and "=" in keys and values)`,
      );
    }
    try {
      attributes[decodeURIComponent(key)] = decodeURIComponent(parts[1]!.trim());
    } catch {
      throw sdkError(`OTEL_RESOURCE_ATTRIBUTES: "${entry}" is not valid percent-encoding`);
    }
  }
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName) attributes['service.name'] = serviceName;
  return attributes;
}

/** `otlp,console` → both; unset → `otlp` (the specification's default); `none` → nothing. */
function exporterNames(value: string | undefined): string[] {
  const names = (value ?? 'otlp')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.includes('none')) return [];
  for (const name of names) {
    if (name !== 'otlp' && name !== 'console') {
      throw sdkError(`exporter "${name}" is not supported here (use otlp, console or none)`);
    }
  }
  return [...new Set(names)];
}

/** One exporter per name, in order, for `signal`. */
async function exportersOf(
  signal: Signal,
  names: readonly string[],
  env: Environment,
  consoleExporter: () => unknown,
): Promise<unknown[]> {
  const exporters: unknown[] = [];
  for (const name of names) {
    exporters.push(name === 'console' ? consoleExporter() : await otlpExporter(signal, env));
  }
  return exporters;
}

/** The OTLP exporter of `signal` for the protocol `env` chooses, pointed where `env` says. */
async function otlpExporter(signal: Signal, env: Environment): Promise<unknown> {
  const variable = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`;
  const protocol = (env[variable] ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf').trim();
  if (!(protocol in otlpPackages[signal])) {
    throw sdkError(`${variable}: unknown OTLP protocol "${protocol}" (http/protobuf, http/json or grpc)`);
  }
  // Read before loading, so that a malformed endpoint is reported whether the package is there or not.
  const options = protocol === 'grpc' ? {} : otlpHttpExporterOptions(signal, env);
  const name = otlpPackages[signal][protocol as Protocol];
  const module = await load<Record<string, new (options: object) => unknown>>(name);
  const exporter = signal === 'traces' ? module.OTLPTraceExporter : module.OTLPMetricExporter;
  if (!exporter) throw sdkError(`${name} does not export the OTLP exporter expected`);
  return new exporter(options);
}

async function load<Module>(name: string): Promise<Module> {
  try {
    return (await import(name)) as Module;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw sdkError(`needs the package ${name}, which is not installed: npm install ${name}`);
    }
    throw error;
  }
}

function sdkError(message: string): ConfigFileError {
  return new ConfigFileError({ issues: [{ path: 'telemetry.openTelemetry', message }] });
}

// The few members of the SDK packages used here, so they stay optional at compile time as at run time.
interface ShutdownAble {
  shutdown(): Promise<void>;
}
interface TraceSdk {
  BasicTracerProvider: new (options: {
    resource: unknown;
    spanProcessors: unknown[];
  }) => TracerProvider & ShutdownAble;
  BatchSpanProcessor: new (exporter: unknown) => unknown;
  ConsoleSpanExporter: new () => unknown;
}
interface MetricsSdk {
  MeterProvider: new (options: { resource: unknown; readers: unknown[] }) => MeterProvider & ShutdownAble;
  PeriodicExportingMetricReader: new (options: {
    exporter: unknown;
    exportIntervalMillis: number;
  }) => unknown;
  ConsoleMetricExporter: new () => unknown;
}
interface ResourcesSdk {
  defaultResource(): { merge(other: unknown): unknown };
  resourceFromAttributes(attributes: Record<string, string>): unknown;
}
