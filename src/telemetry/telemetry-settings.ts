import type { Tracer } from '@opentelemetry/api';
import type { GenAiConventions } from './gen-ai-names.js';
import type { TelemetryInstruments } from './telemetry-instruments.js';

/** Where a provider's requests go, for `server.address` and `server.port`. */
export interface ServerEndpoint {
  address: string;
  port: number;
}

/** Everything one `openTelemetry()` instance decided once, shared by all its calls. */
export interface TelemetrySettings {
  tracer: Tracer;
  instruments: TelemetryInstruments;
  conventions: GenAiConventions;
  /** `gen_ai.system` or `gen_ai.provider.name`, per edition. */
  providerAttribute: string;
  /** The GenAI provider value for a router provider name (memoised). */
  genAiProvider(provider: string): string;
  /** The endpoint configured for a router provider name. */
  server(provider: string): ServerEndpoint | undefined;
  captureContent: boolean;
  maxContentChars: number;
}

/**
 * The host and port of a base URL (`https://api.openai.com/v1` → `api.openai.com`, 443), or `undefined`
 * when it is not a URL.
 */
export function endpointOf(baseURL: string): ServerEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  // IPv6 hosts come back bracketed; the attribute wants the bare address.
  const address = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { address, port };
}
