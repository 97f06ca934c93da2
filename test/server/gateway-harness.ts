import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { type RunningGateway, startGateway } from '../../src/server/start-gateway.js';
import {
  type FakeProviderServer,
  type FakeUpstream,
  startFakeProviderServer,
} from '../../src/testing/fake-server/index.js';

/** A gateway in front of two fake upstreams: `primary` (OpenAI format) and `fallback` (Anthropic format). */
export interface GatewayHarness {
  fake: FakeProviderServer;
  primary: FakeUpstream;
  fallback: FakeUpstream;
  gateway: RunningGateway;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The gateway key the harness configures. */
  key: string;
  /** The official client, pointed at the gateway with the gateway key, retries off. */
  client: OpenAI;
  /** Parsed JSON log lines the gateway wrote. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The provider key the harness gives the upstreams: it must never reach a client. */
export const providerKey = 'sk-provider-secret-0123456789abcdef';

/**
 * Starts the fake provider server and a gateway configured from YAML the way a user would write it:
 * `gpt-4o-mini` on the primary, the fallback behind it, retry, breaker and timeout. `extra` is appended
 * to the YAML (top-level sections only); `fallbacks` replaces the fallback section's value.
 */
export async function startGatewayHarness(
  options: { extra?: string; server?: string; timeoutMs?: number; fallbacks?: string } = {},
): Promise<GatewayHarness> {
  const fake = await startFakeProviderServer();
  const primary = fake.upstream('primary');
  const fallback = fake.upstream('fallback');
  const key = 'gateway-key-for-tests';
  const config = parseConfig(`
providers:
  openai:
    type: openai
    apiKey: \${PRIMARY_KEY}
    baseURL: ${primary.baseURL('openai')}
    models: [gpt-4o-mini, gpt-4o]
  anthropic:
    type: anthropic
    apiKey: \${FALLBACK_KEY}
    baseURL: ${fallback.baseURL('anthropic')}
    models: [claude-haiku-4-5]
modelMap:
  gpt-4o-mini: openai
fallbacks: ${options.fallbacks ?? '[anthropic]'}
retry: { attempts: 2, baseDelayMs: 1 }
circuitBreaker: { failureThreshold: 5, cooldownMs: 60000 }
timeout: { totalMs: ${options.timeoutMs ?? 2000} }
server:
  keys: ['\${GATEWAY_KEY}']
  bodyLimit: 64kb
${options.server ?? ''}
${options.extra ?? ''}
`);
  const logs: Array<Record<string, unknown>> = [];
  const gateway = await startGateway({
    config,
    env: { PRIMARY_KEY: providerKey, FALLBACK_KEY: providerKey, GATEWAY_KEY: key },
    host: '127.0.0.1',
    port: 0,
    output: {
      write(text: string) {
        for (const line of text.split('\n'))
          if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  return {
    fake,
    primary,
    fallback,
    gateway,
    url: gateway.url,
    key,
    client,
    logs,
    async close() {
      await gateway.shutdown(0);
      await fake.close();
    },
  };
}

/**
 * One harness for a test file: started before its tests, closed after them, and both upstreams reset
 * before each test. The returned object is filled in when the harness has started.
 */
export function useGatewayHarness(options: Parameters<typeof startGatewayHarness>[0] = {}): GatewayHarness {
  const harness = {} as GatewayHarness;
  beforeAll(async () => {
    Object.assign(harness, await startGatewayHarness(options));
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.primary.reset();
    harness.fallback.reset();
  });
  return harness;
}

/** Waits for the log line of request `id` (log lines are flushed once per event-loop turn). */
export async function logLineFor(harness: GatewayHarness, id: string): Promise<Record<string, unknown>> {
  for (let tries = 0; tries < 100; tries++) {
    const line = harness.logs.find((entry) => entry.msg === 'request' && entry.id === id);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no log line for request ${id}`);
}
