import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { startGateway } from '../../src/server/start-gateway.js';
import { faults } from '../../src/testing/fake-server/index.js';
import { startLocalServer } from '../helpers/local-server.js';
import { type GatewayHarness, logLineFor, startGatewayHarness } from './gateway-harness.js';

const question = [{ role: 'user' as const, content: 'Classify this document' }];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harnessWith(options: Parameters<typeof startGatewayHarness>[0] = {}): Promise<GatewayHarness> {
  const harness = await startGatewayHarness(options);
  cleanups.push(() => harness.close());
  return harness;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('health, readiness and metrics', () => {
  it('reports liveness, each breaker on /readyz, and Prometheus metrics of what happened', async () => {
    const harness = await harnessWith();
    expect(await (await fetch(`${harness.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${harness.url}/readyz`)).json()).toEqual({
      status: 'ready',
      inFlight: 0,
      targets: [
        { provider: 'openai', model: '*', state: 'closed' },
        { provider: 'anthropic', model: '*', state: 'closed' },
      ],
      config: { version: 1, hash: expect.stringMatching(/^[0-9a-f]{12}$/), loadedAt: expect.any(String) },
    });

    harness.primary.enqueue(faults.reply({ usage: { inputTokens: 20, outputTokens: 4 } }));
    await harness.client.chat.completions.create({ model: 'gpt-4o-mini', messages: question });
    // Three requests against a failing primary: 2 attempts each, so the breaker (5 failures) opens on the third.
    harness.primary.setDefault(faults.unavailable());
    for (let index = 0; index < 3; index++) {
      await harness.client.chat.completions.create({ model: 'gpt-4o-mini', messages: question });
    }

    const ready = (await (await fetch(`${harness.url}/readyz`)).json()) as { targets: unknown[] };
    expect(ready.targets).toEqual([
      { provider: 'openai', model: '*', state: 'open' },
      { provider: 'anthropic', model: '*', state: 'closed' },
    ]);
    const response = await fetch(`${harness.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const lines = (await response.text()).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'llmrouter_requests_total{model="gpt-4o-mini",provider="openai",outcome="success"} 1',
        'llmrouter_requests_total{model="gpt-4o-mini",provider="anthropic",outcome="success"} 3',
        'llmrouter_attempts_total{provider="openai",model="gpt-4o-mini",member="",outcome="error",error_kind="overloaded"} 5',
        'llmrouter_attempts_total{provider="openai",model="gpt-4o-mini",member="",outcome="skipped",error_kind="circuit_open"} 1',
        'llmrouter_retries_total{provider="openai"} 3',
        'llmrouter_fallbacks_total{from="openai",to="anthropic"} 3',
        'llmrouter_circuit_transitions_total{provider="openai",model="*",to="open"} 1',
        'llmrouter_circuit_state{provider="openai",model="*",member=""} 2',
        'llmrouter_circuit_state{provider="anthropic",model="*",member=""} 0',
        'llmrouter_tokens_total{model="gpt-4o-mini",provider="openai",type="input"} 20',
        'llmrouter_tokens_total{model="gpt-4o-mini",provider="openai",type="output"} 4',
        'llmrouter_request_duration_seconds_count{model="gpt-4o-mini",provider="anthropic",stream="false"} 3',
        'llmrouter_in_flight_requests 0',
      ]),
    );
  });

  it('times a stream to its first token', async () => {
    const harness = await harnessWith();
    const stream = await harness.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: question,
      stream: true,
    });
    for await (const _chunk of stream) {
      // drain
    }
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toContain(
      'llmrouter_time_to_first_token_seconds_count{model="gpt-4o-mini",provider="openai"} 1',
    );
  });
});

describe('failures during a request', () => {
  it('ends a stream that breaks after content with an error event the client throws', async () => {
    const harness = await harnessWith();
    harness.primary.enqueue(faults.streamError({ afterParts: 3, reason: 'overloaded' }));
    const stream = await harness.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: question,
      stream: true,
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(text).toBe('Hello from');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('Stream interrupted after content was delivered');
    // Content had reached the client: the router does not replay it from the fallback.
    expect(harness.fallback.requests).toHaveLength(0);
  });

  it('answers 504 when every target times out', async () => {
    const harness = await harnessWith({ timeoutMs: 50 });
    harness.primary.setDefault(faults.hang());
    harness.fallback.setDefault(faults.hang());
    const error = (await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(504);
    expect(error.error).toMatchObject({ type: 'server_error', code: 'upstream_timeout' });
    expect(error.headers?.get('x-llmrouter-attempts')).toBe('4');
  });

  it('answers 503 when the primary is overloaded and there is nowhere to fall back', async () => {
    // claude-haiku-4-5 lands on anthropic, which is also the only fallback: a plan of one target.
    const harness = await harnessWith();
    harness.fallback.setDefault(faults.overloaded());
    const error = (await harness.client.chat.completions
      .create({ model: 'claude-haiku-4-5', messages: question })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(503);
    expect(error.error).toMatchObject({ type: 'server_error', code: 'upstream_overloaded' });
  });
});

describe('client disconnects', () => {
  it('abort the upstream call, streaming or not', async () => {
    const upstreamClosed: boolean[] = [];
    const upstream = await startLocalServer((received, response) => {
      response.on('close', () => upstreamClosed.push(true));
      const body = received.json as { stream?: boolean };
      if (body.stream) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(
          `data: ${JSON.stringify({ id: 'c1', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }] })}\n\n`,
        );
      }
      // Otherwise (and after the first frame) never answer.
    });
    cleanups.push(() => upstream.close());
    const logs: Array<Record<string, unknown>> = [];
    const gateway = await startGateway({
      config: parseConfig(
        `providers:\n  openai: { type: openai, apiKey: test-key, baseURL: "${upstream.url}/v1" }\n`,
      ),
      env: {},
      port: 0,
      output: {
        write: (text: string) =>
          logs.push(
            ...text
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line)),
          ),
      },
    });
    cleanups.push(async () => void (await gateway.shutdown(0)));

    const plain = new AbortController();
    const pending = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: question }),
      signal: plain.signal,
    }).catch(() => undefined);
    await until(() => upstream.requests.length === 1, 'the upstream request');
    plain.abort();
    await pending;
    await until(() => upstreamClosed.length === 1, 'the upstream request to be aborted');

    const streaming = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: question, stream: true }),
      signal: streaming.signal,
    });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"role":"assistant"');
    streaming.abort();
    await until(() => upstreamClosed.length === 2, 'the upstream stream to be aborted');
    await until(() => gateway.gateway.inFlight === 0, 'the gateway to settle');
    await until(() => logs.filter((line) => line.msg === 'request').length === 2, 'the log lines');
    expect(logs.filter((line) => line.msg === 'request').map((line) => line.status)).toEqual([499, 200]);
  });
});

describe('shutdown', () => {
  it('lets in-flight streams finish within the grace period and refuses new connections', async () => {
    const harness = await harnessWith();
    harness.primary.setDefault(faults.reply({ text: 'one two three four five six', partDelayMs: 30 }));
    const streams = [1, 2].map(async () => {
      const stream = await harness.client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: question,
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    });
    await until(() => harness.gateway.gateway.inFlight === 2, 'two streams in flight');
    const shutdown = harness.gateway.shutdown(5_000);
    expect(await Promise.all(streams)).toEqual([
      'one two three four five six',
      'one two three four five six',
    ]);
    expect(await shutdown).toEqual({ cutOff: 0 });
    await expect(fetch(`${harness.url}/healthz`)).rejects.toThrow();
  });

  it('cuts off what is still running when the grace period ends', async () => {
    const harness = await harnessWith();
    harness.primary.setDefault(faults.hang());
    const pending = harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question })
      .catch((caught: unknown) => caught);
    await until(() => harness.primary.requests.length === 1, 'the upstream request');
    expect(await harness.gateway.shutdown(50)).toEqual({ cutOff: 1 });
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

describe('request log', () => {
  it('records message content and the answer only when configured to', async () => {
    const harness = await harnessWith({ server: '  logContent: true' });
    const { response } = await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question })
      .withResponse();
    const line = await logLineFor(harness, response.headers.get('x-request-id')!);
    expect(line.messages).toEqual([{ role: 'user', content: 'Classify this document' }]);
    expect(line.output).toBe('Hello from the fake provider.');
  });

  it('uses the caller’s request id when it sends one', async () => {
    const harness = await harnessWith();
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}`, 'x-request-id': 'trace-123' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: question }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(await logLineFor(harness, 'trace-123')).toMatchObject({ status: 200, provider: 'openai' });
  });
});

describe('binding', () => {
  it('listens on 127.0.0.1 only when no gateway keys are configured, and says so', async () => {
    const lines: string[] = [];
    const gateway = await startGateway({
      config: parseConfig('providers:\n  openai: { type: openai, apiKey: test-key }\n'),
      env: {},
      host: '0.0.0.0',
      port: 0,
      output: { write: (text: string) => lines.push(text) },
    });
    cleanups.push(async () => void (await gateway.shutdown(0)));
    expect(gateway.host).toBe('127.0.0.1');
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.join('')).toContain(
      'no gateway keys are configured, so the server listens on 127.0.0.1 only (not 0.0.0.0)',
    );
    // And without keys, requests need none.
    const response = await fetch(`${gateway.url}/v1/models`);
    expect(response.status).toBe(200);
  });
});
