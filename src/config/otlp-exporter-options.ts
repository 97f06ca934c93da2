import { ConfigFileError } from './config-issue.js';

/** The options an OTLP/HTTP exporter is constructed with; unset ones fall back to the exporter's own. */
export interface OtlpHttpExporterOptions {
  /** Where the signal is posted, `…/v1/traces` or `…/v1/metrics` unless the signal's own endpoint says. */
  readonly url?: string;
  /** Sent with every export (a collector's API key, typically). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMillis?: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The endpoint, headers and timeout for the OTLP/HTTP exporter of `signal` (`http/json` and
 * `http/protobuf` take the same options), read from `env` as the specification says and as the exporter
 * would read them from `process.env`: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as is, otherwise
 * `OTEL_EXPORTER_OTLP_ENDPOINT` plus `/v1/traces`; `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS` are percent-encoded
 * `key=value` pairs, the signal's own winning; `OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT` is in milliseconds.
 * Passed explicitly so that the variables that choose the exporter and those that point it somewhere
 * come from the same place. A malformed value is a `ConfigFileError` that does not repeat it (endpoints
 * and headers can carry credentials).
 */
export function otlpHttpExporterOptions(
  signal: 'traces' | 'metrics',
  env: Environment,
): OtlpHttpExporterOptions {
  const prefix = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_`;
  const options: { url?: string; headers?: Record<string, string>; timeoutMillis?: number } = {};
  const ownEndpoint = set(env[`${prefix}ENDPOINT`]);
  const endpoint = set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (ownEndpoint !== undefined) {
    options.url = parseUrl(`${prefix}ENDPOINT`, ownEndpoint);
  } else if (endpoint !== undefined) {
    const base = parseUrl('OTEL_EXPORTER_OTLP_ENDPOINT', endpoint);
    options.url = `${base.endsWith('/') ? base : `${base}/`}v1/${signal}`;
  }
  const headers = {
    ...parseHeaders('OTEL_EXPORTER_OTLP_HEADERS', env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseHeaders(`${prefix}HEADERS`, env[`${prefix}HEADERS`]),
  };
  if (Object.keys(headers).length > 0) options.headers = headers;
  const timeout = parseTimeout(`${prefix}TIMEOUT`, env[`${prefix}TIMEOUT`]);
  const timeoutMillis = timeout ?? parseTimeout('OTEL_EXPORTER_OTLP_TIMEOUT', env.OTEL_EXPORTER_OTLP_TIMEOUT);
  if (timeoutMillis !== undefined) options.timeoutMillis = timeoutMillis;
  return options;
}

function set(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function parseUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw optionError(`${variable} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw optionError(`${variable} is not an http: or https: URL`);
  }
  return url.href;
}

function parseHeaders(variable: string, value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, entry] of (value ?? '').split(',').entries()) {
    if (entry.trim() === '') continue;
    const separator = entry.indexOf('=');
    const key = entry.slice(0, Math.max(separator, 0)).trim();
    try {
      if (key === '') throw new URIError('no key');
      headers[decodeURIComponent(key)] = decodeURIComponent(entry.slice(separator + 1).trim());
    } catch {
      throw optionError(`${variable}: entry ${index + 1} is not a percent-encoded key=value`);
    }
  }
  return headers;
}

function parseTimeout(variable: string, value: string | undefined): number | undefined {
  const text = set(value);
  if (text === undefined) return undefined;
  const milliseconds = Number(text);
  if (!Number.isFinite(milliseconds) || milliseconds <= 0) {
    throw optionError(`${variable}: "${text}" is not a number of milliseconds above 0`);
  }
  return milliseconds;
}

function optionError(message: string): ConfigFileError {
  return new ConfigFileError({ issues: [{ path: 'telemetry.openTelemetry', message }] });
}
